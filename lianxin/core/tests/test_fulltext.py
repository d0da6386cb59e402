"""Chinese full-text tokens (core.fulltext): what a document is indexed as, what a query asks for."""

from lianxin.core.fulltext import Term, document_tokens, query_terms


def test_a_chinese_run_is_cut_into_overlapping_bigrams_in_order():
    assert document_tokens(["车间空调坏了"]).split()[:5] == ["车间", "间空", "空调", "调坏", "坏了"]


def test_bigrams_never_bridge_punctuation_or_two_fields():
    tokens = document_tokens(["加班，费用", "工", "资"]).split()
    assert "班费" not in tokens
    assert "工资" not in tokens
    assert tokens[:3] == ["加班", "费用", "工"]


def test_long_lexicon_words_are_whole_tokens_after_the_stream():
    # given a text holding 加班费 and 劳动合同 (words of the workplace lexicon)
    tokens = document_tokens(["拖欠加班费，没签劳动合同"]).split()
    # then each is one token, after every bigram (so they never break a phrase)
    assert "加班费" in tokens
    assert "劳动合同" in tokens
    assert tokens.index("加班费") > tokens.index("合同")


def test_digit_runs_keep_their_tails_so_a_phone_tail_matches():
    tokens = document_tokens(["电话13907771234"]).split()
    assert "13907771234" in tokens
    assert "1234" in tokens
    assert "234" in tokens
    assert "34" not in tokens  # tails stop at three digits


def test_full_width_forms_and_latin_case_are_folded():
    assert document_tokens(["ＪＺ－２０２６"]).split() == ["jz", "2026", "026"]


def test_query_terms_ask_for_phrases_prefixes_and_exact_digits():
    assert query_terms("空调坏了 1234 Wag 灯") == [
        Term(("空调", "调坏", "坏了")),
        Term(("1234",)),
        Term(("wag",), prefix=True),
        Term(("灯",), prefix=True),
    ]


def test_a_long_lexicon_word_in_a_query_is_asked_for_whole():
    assert query_terms("加班费") == [Term(("加班费",))]


def test_a_query_of_punctuation_asks_for_nothing():
    assert query_terms("！？ -- 。") == []


def test_a_runs_last_character_stands_alone_so_one_character_finds_it():
    # 咸 ends its run: no bigram starts with it, so the run's last character is a token of its own
    assert "咸" in document_tokens(["饭菜太咸"]).split()
