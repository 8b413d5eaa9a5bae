"""Which nicknames a live game accepts. A projector shows them to the whole class: a short list of
offensive words (English and Russian, with the usual disguises) is refused, and so is another
user's username, so that no one plays under a classmate's name."""

import re
import unicodedata

from django.contrib.auth import get_user_model

# Kept short on purpose: it catches the usual words a class would giggle at, not every insult. Matched
# as a part of the nickname after folding case, look-alike letters and digits used for letters.
BLOCKED = (
    "fuck",
    "shit",
    "bitch",
    "cunt",
    "dick",
    "cock",
    "pussy",
    "whore",
    "slut",
    "nigg",
    "fag",
    "retard",
    "nazi",
    "hitler",
    "penis",
    "porn",
    "sex",
    "ass",
    "rape",
    "хуй",
    "хуе",
    "хуя",
    "пизд",
    "ебат",
    "ебал",
    "ёбан",
    "ебан",
    "бля",
    "сука",
    "суки",
    "мудак",
    "мудил",
    "пидор",
    "пидар",
    "гандон",
    "залуп",
    "шлюх",
    "дерьм",
    "говн",
    "жоп",
    "секс",
    "порн",
    "нацист",
    "гитлер",
)
# Short words that are innocent inside longer ones (class, Cassidy, "pass"): only refused whole.
WHOLE_ONLY = {"ass", "sex", "cock", "dick"}

# Digits and Latin letters that stand in for Cyrillic ones (and back), to see through "c0ck" or "сyка".
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_CYRILLIC_LOOKALIKES = str.maketrans(
    {
        "a": "а",
        "c": "с",
        "e": "е",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "k": "к",
        "b": "б",
        "m": "м",
        "h": "н",
        "t": "т",
    }
)
# Russian words typed in Latin letters ("mudak").
_TRANSLIT = str.maketrans(
    {
        "a": "а",
        "b": "б",
        "v": "в",
        "g": "г",
        "d": "д",
        "e": "е",
        "z": "з",
        "i": "и",
        "k": "к",
        "l": "л",
        "m": "м",
        "n": "н",
        "o": "о",
        "p": "п",
        "r": "р",
        "s": "с",
        "t": "т",
        "u": "у",
        "f": "ф",
        "h": "х",
        "x": "х",
        "c": "к",
        "y": "ы",
        "j": "й",
    }
)
_LATIN_LOOKALIKES = str.maketrans({"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "к": "k"})

ALLOWED = re.compile(r"^[\w .\-']+$")
MIN_LENGTH, MAX_LENGTH = 2, 20


def tidy(nickname: str) -> str:
    """The nickname as it will be shown: normalised, spaces collapsed, no control characters."""
    text = unicodedata.normalize("NFKC", nickname)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return re.sub(r"\s+", " ", text).strip()


def _forms(nickname: str) -> list[str]:
    base = nickname.casefold().replace("ё", "е").translate(_LEET)
    squeezed = re.sub(r"[\s.\-_']+", "", base)
    return [
        squeezed,
        squeezed.translate(_CYRILLIC_LOOKALIKES),
        squeezed.translate(_LATIN_LOOKALIKES),
        squeezed.translate(_TRANSLIT),
    ]


def _words(nickname: str) -> set[str]:
    base = nickname.casefold().replace("ё", "е").translate(_LEET)
    return {word for word in re.split(r"[\s.\-_']+", base) if word}


def is_offensive(nickname: str) -> bool:
    forms = _forms(nickname)
    words = _words(nickname)
    for blocked in BLOCKED:
        word = blocked.replace("ё", "е")
        if word in WHOLE_ONLY:
            if word in words or any(form == word for form in forms):
                return True
        elif any(word in form for form in forms):
            return True
    return False


def is_someone_elses_username(nickname: str, user=None) -> bool:
    """Another account is called this (in any case); a signed-in user may of course use their own."""
    others = get_user_model().objects.filter(username__iexact=nickname)
    if user is not None and user.is_authenticated:
        others = others.exclude(pk=user.pk)
    return others.exists()


def display_name(user) -> str:
    """What a signed-in student is called in a game unless they choose otherwise."""
    profile = getattr(user, "profile", None)
    name = (profile.display_name if profile else "") or user.get_short_name() or user.get_username()
    return tidy(name)[:MAX_LENGTH]
