"""Members (会员实名制): the people a federation serves, their memberships, workforce and 入会率.

Decisions, in one place:

- One person per resident ID number: the number is validated (GB 11643, `core.idcard`), sealed,
  and its keyed hash (HMAC-SHA256, `crypto.lookup_hash`) is unique, so two registrations of one
  number, even concurrent ones, find one person (`services.people.person_for`).
- Personal fields (name, phone, ID, notes, a rejection or leaving reason) are sealed under a
  per-person data key, itself wrapped by `settings.LIANXIN_MEMBERS_KEY` (development: derived from
  SECRET_KEY). Erasure destroys the wrapped key and blanks the sealed columns and hashes; the
  journal never holds personal data (events name record ids and org codes; a member acting on
  their own membership is journalled as "@member"), so it still verifies.
- Search is exact: a full name, a phone, an ID or a card number, matched by keyed hash. There is no
  substring or pinyin search: it would need the plain text in the database.
- Masked everywhere (`core.masking`); the full ID only through `services.reveal_id_number`, for
  the chair/staff/admin of a union where the person is a member or applicant now, and the person
  themself; each view goes to the access log (`IdNumberView`).
- Near-duplicates: the same name and phone, or valid ID numbers one of the first 17 digits apart
  (GB 11643's check digit catches any single-digit change, so such numbers also differ in it):
  `selectors.near_duplicates`, folded by `services.merge_persons`.
- A membership is held in a base union: an `enterprise` org, or a `union` org (an industry union
  federation for gig workers, e.g. 外卖行业工会联合会: the org tree has no separate kind for it).
- Retention: `settings.LIANXIN_MEMBERS_RETENTION`, applied by `tasks.run_retention`
  (services/retention.py).
- A person's named cases are the cases whose `worker_user` is the person's `user`
  (`selectors.linked_user_id`); an anonymous case has no worker_user, so it is never linked. The
  members app sits beside the ledger and does not import it: a page showing both is composed above.
"""
