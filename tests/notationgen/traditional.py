"""Traditional-character mirrors: the text converted with OpenCC (s2t) and, as the mirror sites do,
pinyin inserted after some of the characters the conversion changed: 財(cái)政.

The pinyin a document gets is a pure function of the text: a document draws which converted
characters carry their pinyin, and every occurrence of such a character carries it. So the truth
of a string is `Mirror.convert(string)`, exactly as printed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from opencc import OpenCC

_S2T = OpenCC("s2t")
_T2S = OpenCC("t2s")

# pinyin of the characters OpenCC changes in the generator's word lists (and labels)
PINYIN: dict[str, str] = dict(item.split(":") for item in """
標:biāo 項:xiàng 資:zī 滿:mǎn 衆:zhòng 績:jì 羣:qún 產:chǎn 會:huì 設:shè 實:shí 級:jí 務:wù 數:shù
農:nóng 顯:xiǎn 萬:wàn 對:duì 稱:chēng 總:zǒng 經:jīng 長:cháng 個:gè 於:yú 時:shí 進:jìn 門:mén
質:zhì 費:fèi 財:cái 環:huán 戶:hù 撥:bō 過:guò 縣:xiàn 續:xù 單:dān 響:xiǎng 護:hù 積:jī 畝:mǔ
濟:jì 屬:shǔ 額:é 動:dòng 獲:huò 學:xué 發:fā 體:tǐ 備:bèi 準:zhǔn 業:yè 帶:dài 蓋:gài 維:wéi
碼:mǎ 運:yùn 鄉:xiāng 態:tài 規:guī 選:xuǎn 週:zhōu 層:céng 購:gòu 內:nèi 訓:xùn 網:wǎng 斷:duàn
預:yù 條:tiáo 員:yuán 補:bǔ 興:xīng 處:chù 無:wú 機:jī 養:yǎng 諧:xié 穩:wěn 測:cè 節:jié 約:yuē
確:què 達:dá 區:qū 組:zǔ 織:zhī 難:nán 專:zhuān 採:cǎi 氣:qì 優:yōu 揮:huī 劃:huà 開:kāi 邊:biān
範:fàn 報:bào 訴:sù 強:qiáng 給:gěi 勞:láo 問:wèn 題:tí 傳:chuán 鎮:zhèn 檢:jiǎn 間:jiān 揚:yáng
塵:chén 壞:huài 陽:yáng 馬:mǎ 蓮:lián 轉:zhuǎn 鞏:gǒng 負:fù 輿:yú 衛:wèi 術:shù 東:dōng 驗:yàn
識:shí 別:bié 監:jiān 檔:dàng 脫:tuō 貧:pín 堅:jiān 銜:xián 較:jiào 參:cān 遊:yóu 廣:guǎng 電:diàn
雲:yún 崗:gǎng 覈:hé 據:jù 關:guān 號:hào 當:dāng 計:jì 執:zhí 決:jué 際:jì 擾:rǎo 紅:hóng 灣:wān
樹:shù 責:zé 訪:fǎng 嶺:lǐng 兩:liǎng 況:kuàng 圍:wéi 臨:lín 並:bìng 黃:huáng 辦:bàn 楊:yáng 窩:wō
飲:yǐn 臺:tái 雙:shuāng 棗:zǎo 園:yuán 營:yíng 態:tài 據:jù 價:jià 歲:suì 遲:chí
""".split())

_PINYIN_NOTE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@dataclass(frozen=True)
class Mirror:
    """One document's conversion: OpenCC s2t, then pinyin after the characters in `with_pinyin`."""

    with_pinyin: frozenset[str]

    @classmethod
    def draw(cls, rng: random.Random) -> Mirror:
        rate = rng.choice([0.3, 0.6, 1.0])
        return cls(frozenset(ch for ch in sorted(PINYIN) if rng.random() < rate))

    def convert(self, text: str | None) -> str | None:
        if text is None:
            return None
        converted = _S2T.convert(text)
        return "".join(ch + (f"({PINYIN[ch]})" if ch in self.with_pinyin else "") for ch in converted)


def normalise(text: str) -> str:
    """A mirror's string back to simplified characters without pinyin (how the real-dumps
    manifest says to compare such strings)."""
    return _T2S.convert(_PINYIN_NOTE.sub("", text))
