"""Members (会员实名制): the people a federation serves, their memberships, workforce and 入会率."""
