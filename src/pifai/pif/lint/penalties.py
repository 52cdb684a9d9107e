"""Articles of the Cosmetic Hygiene and Safety Act (化粧品衛生安全管理法, L0030013) that the
lint rules concern, and their penalty provisions as far as we read them in the Act's text.

Sourced (read on the pages cited below):
- Art. 20 ¶1 (English translation on law.moj.gov.tw): violation of Art. 10 ¶1 (promotion or
  advertisement contents) NT$40,000–200,000; violation of Art. 10 ¶2 NT$600,000–5,000,000.
- Art. 24 ¶1 (Chinese text, transcribed from 全國法規資料庫 on lawplayer.com): violations of
  Art. 11 ¶1, Art. 12 ¶1 (subpara. 2) or Art. 17, not corrected by the deadline after an
  order to correct: 新臺幣一萬元以上一百萬元以下罰鍰, may be imposed per violation.
- Art. 18 ¶1 subpara. 3 (law.moj.gov.tw): a cosmetic violating Art. 6 ¶1 is confiscated and
  destroyed.
Not sourced: the fine articles for Art. 4 ¶1, Art. 6 ¶1, Art. 7 and Art. 8 (we could not read
Art. 21–23 in any stored source), so those show "see Act art. N" with N the article breached.
"""

from __future__ import annotations

from dataclasses import dataclass

from pifai.pif.lint.model import Penalty

ACT = "化粧品衛生安全管理法 Cosmetic Hygiene and Safety Act (L0030013)"
CHAPTER_5_EN_URL = "https://law.moj.gov.tw/ENG/LawClass/LawParaDeatil.aspx?pcode=L0030013&bp=5"
ART_18_ZH_URL = "http://law.moj.gov.tw/LawClass/LawSingle.aspx?FLNO=18&Pcode=L0030013"
ART_24_ZH_URL = "https://lawplayer.com/article/643a2542e800e5f0b93b7900"


def see_act(article: int) -> str:
    """The honest reference when the penalty could not be read from the Act."""
    return f"see Act art. {article}"


@dataclass(frozen=True)
class Provision:
    """An article a rule concerns, with the penalty reference shown beside it."""

    article: str
    penalty: Penalty | str


PIF = Provision("Art. 4 ¶1", see_act(4))
SA_QUALIFICATION = Provision("Art. 4 ¶3", see_act(4))
PROHIBITED_INGREDIENT = Provision(
    "Art. 6 ¶1",
    Penalty(
        article="Art. 18 ¶1 subpara. 3",
        text=(
            "違反第六條第一項規定…該違規之化粧品沒入銷毀之 (the violating cosmetic is "
            "confiscated and destroyed); the fine article was not sourced: see Act art. 6"
        ),
        citation=f"{ACT} art. 18, {ART_18_ZH_URL}",
    ),
)
LABEL = Provision("Art. 7 ¶1", see_act(7))
GMP = Provision("Art. 8", see_act(8))
MEDICAL_CLAIM = Provision(
    "Art. 10 ¶2",
    Penalty(
        article="Art. 20 ¶1",
        text=(
            "violation of Paragraph 2 of Article 10 (medical efficacy in promotion or "
            "advertisement): fine ranging from NT$600,000 to NT$5,000,000"
        ),
        citation=f"{ACT} art. 20 (English translation), {CHAPTER_5_EN_URL}",
    ),
)
SERIOUS_ADVERSE_EFFECT = Provision(
    "Art. 12 ¶1",
    Penalty(
        article="Art. 24 ¶1 subpara. 2",
        text=(
            "經令限期改正，屆期不改正，處新臺幣一萬元以上一百萬元以下罰鍰，並得按次處罰 "
            "(after an order to correct is not complied with: NT$10,000 to NT$1,000,000, "
            "per violation)"
        ),
        citation=f"{ACT} art. 24, {ART_24_ZH_URL}",
    ),
)
