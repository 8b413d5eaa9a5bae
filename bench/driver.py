"""The load: simulated students (httpx + asyncio), each with their own cookies, like a browser.

Students browse, start quizzes, load each question, answer it (now and then the same answer twice
at the same moment — a double click), read the feedback, finish and read their result. Every answer
sent is logged, so the audit can prove afterwards that each was stored exactly once.

Two saturation phases measure throughput with no think time: `/healthz` (the floor: one SELECT 1
through the whole middleware stack) and the question page, each with the same number of clients.
"""

import asyncio
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

import httpx

INPUT = re.compile(r"<input\b[^>]*>")
SELECT = re.compile(r'<select\b[^>]*\bname="((?:place|pair)_[0-9a-f]+)"[^>]*>(.*?)</select>', re.S)
ATTR = re.compile(r'([a-z-]+)="([^"]*)"')
OPTION = re.compile(r'<option value="([0-9a-f]+)"')
QUIZ_LINK = re.compile(r'href="/(?:en|ru)/quizzes/([\w-]+)/"')
PROGRESS = re.compile(r'<progress max="(\d+)"')
QUESTION_ID = re.compile(r'data-question="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DECK_LINK = re.compile(r'href="/(?:en|ru)/decks/([\w-]+)/"')
STUDY_LINK = re.compile(r'href="(/(?:en|ru)/decks/[\w-]+/study/[\w-]+/)"')
HIDDEN = {
    name: re.compile(rf'<input type="hidden" name="{name}" value="([^"]*)"') for name in ("card", "direction", "reps")
}


@dataclass
class Recorder:
    """Latencies (ms) and statuses per endpoint label, for one phase."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    elapsed: float = 0.0  # seconds of measuring, over all the rounds recorded here

    def add(self, label: str, status: int, ms: float) -> None:
        self.samples[label].append(ms)
        self.statuses[label][status] += 1


async def timed(
    client: httpx.AsyncClient, rec: Recorder | None, label: str, method: str, url: str, **kwargs
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await client.request(method, url, **kwargs)
    except httpx.HTTPError:
        if rec is not None:
            rec.add(label, 0, (time.perf_counter() - started) * 1000)
        return None
    if rec is not None:
        rec.add(label, response.status_code, (time.perf_counter() - started) * 1000)
    return response


def parse_form(html: str) -> tuple[str, dict]:
    """The answer form's kind and its options: ("single", {"choice": [tokens]}), ("order", {field: [places]}) …"""
    radios, boxes, number, text = [], [], False, False
    for tag in INPUT.findall(html):
        attrs = dict(ATTR.findall(tag))
        if attrs.get("type") == "radio" and attrs.get("name") == "choice":
            radios.append(attrs["value"])
        elif attrs.get("type") == "checkbox" and attrs.get("name") == "choices":
            boxes.append(attrs["value"])
        elif attrs.get("name") == "number":
            number = True
        elif attrs.get("name") == "text":
            text = True
    selects = {name: OPTION.findall(body) for name, body in SELECT.findall(html)}
    places = {name: [int(v) for v in values] for name, values in selects.items() if name.startswith("place_")}
    pairs = {name: values for name, values in selects.items() if name.startswith("pair_")}
    if radios:
        return "single", {"choice": radios}
    if boxes:
        return "multiple", {"choices": boxes}
    if number:
        return "number", {}
    if text:
        return "typed", {}
    if places:
        return "order", places
    if pairs:
        return "matching", pairs
    return "none", {}


def make_answer(kind: str, options: dict, rng: random.Random) -> tuple[dict, dict]:
    """The form data to post, and the answer that should be found stored for it, in the page's choice
    tokens (quiz.tokens): the audit turns the stored choice ids into tokens to compare."""
    if kind == "single":
        pick = rng.choice(options["choice"])
        return {"choice": pick}, {"choices": [pick]}
    if kind == "multiple":
        picked = rng.sample(options["choices"], rng.randint(1, len(options["choices"])))
        return {"choices": picked}, {"choices": sorted(set(picked))}
    if kind == "number":
        year = rng.randint(1957, 1980)
        return {"number": str(year)}, {"number": str(year)}
    if kind == "typed":
        text = rng.choice(["Leonov", "Леонов", "Baikonur", "Стаффорд", "Houston", "nobody"])
        return {"text": text}, {"text": text}
    if kind == "matching":
        names = list(options)
        rights = list(options[names[0]])
        rng.shuffle(rights)
        data = dict(zip(names, rights, strict=True))
        return data, {"pairs": {name.removeprefix("pair_"): right for name, right in data.items()}}
    names = list(options)
    places = list(range(1, len(names) + 1))
    rng.shuffle(places)
    data = dict(zip(names, [str(p) for p in places], strict=True))
    by_place = sorted(names, key=lambda n: int(data[n]))
    return data, {"order": [n.removeprefix("place_") for n in by_place]}


@dataclass
class Student:
    number: int
    base: str
    rec: Recorder
    sent: list
    rated: list
    rng: random.Random
    think: float
    double_rate: float
    stop_at: float
    lang: str = "en"

    async def pause(self):
        if self.think:
            await asyncio.sleep(self.rng.uniform(0.5 * self.think, 1.5 * self.think))

    def over(self) -> bool:
        return time.monotonic() >= self.stop_at

    async def run(self):
        async with httpx.AsyncClient(base_url=self.base, timeout=30, follow_redirects=False) as client:
            while not self.over():
                if self.rng.random() < 0.25:
                    await self.study(client)
                else:
                    await self.one_quiz(client)

    async def study(self, client):
        """A few flashcards: look at the card, show the answer, rate it (now and then with a double click)."""
        rec, lang = self.rec, self.lang
        decks = await timed(client, rec, "deck list", "GET", f"/{lang}/decks/")
        if decks is None or decks.status_code != 200:
            return
        await self.pause()
        slug = self.rng.choice(sorted(set(DECK_LINK.findall(decks.text))))
        deck = await timed(client, rec, "deck page", "GET", f"/{lang}/decks/{slug}/")
        if deck is None or deck.status_code != 200:
            return
        await self.pause()
        url = self.rng.choice(STUDY_LINK.findall(deck.text))
        for _card in range(self.rng.randint(3, 8)):
            if self.over():
                return
            page = await timed(client, rec, "study page", "GET", url)
            if page is None or page.status_code != 200 or not HIDDEN["card"].search(page.text):
                return  # nothing due: the session is done
            form = {name: pattern.search(page.text).group(1) for name, pattern in HIDDEN.items()}
            await self.pause()
            await timed(client, rec, "study page", "GET", f"{url}?card={form['card']}&answer=1")
            await self.pause()
            form.update(rating=str(self.rng.randint(1, 4)), csrfmiddlewaretoken=CSRF.search(page.text).group(1))
            copies = 2 if self.rng.random() < self.double_rate else 1
            rated = await asyncio.gather(
                *[timed(client, rec, "rate (POST)", "POST", url, data=form) for _copy in range(copies)]
            )
            self.rated.append(
                {
                    "card": int(form["card"]),
                    "direction": form["direction"],
                    "reps": int(form["reps"]),
                    "statuses": [r.status_code if r is not None else 0 for r in rated],
                }
            )

    async def one_quiz(self, client):
        rec, lang = self.rec, self.lang
        if self.rng.random() < 0.3:
            await timed(client, rec, "home", "GET", f"/{lang}/")
            await self.pause()
        if self.rng.random() < 0.15:
            await timed(client, rec, "timeline", "GET", f"/{lang}/timeline/")
            await self.pause()
        listing = await timed(client, rec, "quiz list", "GET", f"/{lang}/quizzes/")
        if listing is None or listing.status_code != 200:
            return
        slugs = sorted(set(QUIZ_LINK.findall(listing.text)))
        await self.pause()
        slug = self.rng.choice(slugs)
        detail = await timed(client, rec, "quiz page", "GET", f"/{lang}/quizzes/{slug}/")
        if detail is None or detail.status_code != 200 or self.over():
            return
        token = CSRF.search(detail.text).group(1)
        started = await timed(
            client, rec, "start (POST)", "POST", f"/{lang}/quizzes/{slug}/", data={"csrfmiddlewaretoken": token}
        )
        if started is None or started.status_code != 302:
            return
        await self.take(client, started.headers["location"].rsplit("/q/", 1)[0])

    async def take(self, client, attempt_url: str):
        rec, number, total = self.rec, 1, None
        while total is None or number <= total:
            url = f"{attempt_url}/q/{number}/"
            page = await timed(client, rec, "question page", "GET", url)
            if page is None or page.status_code != 200:
                return
            total = int(PROGRESS.search(page.text).group(1))
            kind, options = parse_form(page.text)
            await self.pause()
            if self.over():
                return
            if kind != "none":
                data, expected = make_answer(kind, options, self.rng)
                data["csrfmiddlewaretoken"] = CSRF.search(page.text).group(1)
                copies = 2 if self.rng.random() < self.double_rate else 1
                answered = await asyncio.gather(
                    *[timed(client, rec, "answer (POST)", "POST", url, data=data) for _copy in range(copies)]
                )
                statuses = [r.status_code if r is not None else 0 for r in answered]
                self.sent.append(
                    {
                        "attempt": attempt_url.rsplit("/", 1)[-1],
                        "question": int(QUESTION_ID.search(page.text).group(1)),
                        "answer": expected,
                        "statuses": statuses,
                    }
                )
                location = next(
                    (r.headers["location"] for r in answered if r is not None and r.status_code == 302), None
                )
                if location == url:  # immediate feedback: the same page, now with the verdict
                    await timed(client, rec, "feedback page", "GET", url)
                    await self.pause()
            number += 1
        token = CSRF.search(page.text).group(1)
        done = await timed(
            client, rec, "finish (POST)", "POST", f"{attempt_url}/finish/", data={"csrfmiddlewaretoken": token}
        )
        if done is not None and done.status_code == 302:
            await timed(client, rec, "result page", "GET", done.headers["location"])
            await self.pause()


async def students_phase(
    base: str, *, students: int, seconds: float, think: float, double_rate: float, seed: int
) -> tuple[Recorder, list, list]:
    rec, sent, rated = Recorder(), [], []
    stop_at = time.monotonic() + seconds
    crowd = [
        Student(
            number=n,
            base=base,
            rec=rec,
            sent=sent,
            rated=rated,
            rng=random.Random(seed + n),
            think=think,
            double_rate=double_rate,
            stop_at=stop_at,
            lang="ru" if n % 3 == 0 else "en",
        )
        for n in range(students)
    ]
    started = time.perf_counter()
    # Students arrive over the first two seconds, not all in the same millisecond.
    await asyncio.gather(*[_after(n * 2.0 / max(1, students), s.run()) for n, s in enumerate(crowd)])
    rec.elapsed = time.perf_counter() - started
    return rec, sent, rated


async def _after(delay: float, coroutine):
    await asyncio.sleep(delay)
    await coroutine


async def open_attempts(base: str, count: int, quiz_slug: str) -> list[tuple[httpx.AsyncClient, str]]:
    """`count` anonymous visitors, each with an attempt started: (client, URL of its first question)."""

    async def one():
        client = httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=False)
        page = await client.get(f"/en/quizzes/{quiz_slug}/")
        token = CSRF.search(page.text).group(1)
        started = await client.post(f"/en/quizzes/{quiz_slug}/", data={"csrfmiddlewaretoken": token})
        return client, started.headers["location"]

    opened = []
    for start in range(0, count, 10):  # a few at a time: this is set-up, not load
        opened += await asyncio.gather(*[one() for _n in range(min(10, count - start))])
    return opened


async def saturate(
    clients: list[tuple[httpx.AsyncClient, str]],
    label: str,
    seconds: float,
    warmup: float = 2.0,
    rec: Recorder | None = None,
) -> Recorder:
    """Each client asks for its URL again as soon as the last answer arrives. Adds to `rec` if given,
    so that several short rounds can be added up."""
    rec = rec or Recorder()

    async def loop(client, url, until, recorder):
        while time.monotonic() < until:
            await timed(client, recorder, label, "GET", url)

    if warmup:
        await asyncio.gather(*[loop(c, u, time.monotonic() + warmup, None) for c, u in clients])
    started = time.perf_counter()
    until = time.monotonic() + seconds
    await asyncio.gather(*[loop(c, u, until, rec) for c, u in clients])
    rec.elapsed += time.perf_counter() - started
    return rec


async def page_weight(base: str, question_url: str, client: httpx.AsyncClient) -> dict[str, int]:
    """Bytes of the question page's HTML, CSS and JS after compression: the HTML gzipped here (level 6,
    what a reverse proxy typically does), CSS and JS as whitenoise serves them pre-compressed."""
    import gzip

    page = await client.get(question_url, headers={"Accept-Encoding": "identity"})
    html = page.content
    sizes = {"html": len(html), "html_gzip": len(gzip.compress(html, compresslevel=6))}
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text) + re.findall(
        r'<script src="([^"]+)"', page.text
    )
    for n, asset in enumerate(assets):
        raw = await client.get(asset, headers={"Accept-Encoding": "identity"})
        packed = await client.get(asset, headers={"Accept-Encoding": "gzip"})
        kind = "css" if asset.endswith(".css") else "js"
        sizes[f"{kind}{n}"] = len(raw.content)
        sizes[f"{kind}{n}_gzip"] = int(packed.headers.get("content-length", len(raw.content)))
        sizes[f"{kind}{n}_encoding"] = packed.headers.get("content-encoding", "none")
    return sizes
