"""A small, realistic data set for the browser tests (facts from shared/research/ai-cases.md).

Stands in for `manage.py load_demo` until that command lands on main: Musk v. OpenAI with its
parties, events and the "Partly." / "Partially." testimony, two more cases, and a draft or two
that must never show.
"""

from __future__ import annotations

import datetime as dt

from articles.models import Outlet, Source
from cases.models import (
    Case,
    CaseRole,
    Court,
    Event,
    EventCitation,
    Party,
    PublicationState,
    Testimony,
    TestimonyCitation,
    Topic,
)

PUBLISHED = PublicationState.PUBLISHED
DRAFT = PublicationState.DRAFT


def _source(url: str, outlet: str, title: str, day: dt.date, case: Case, **extra) -> Source:
    host = url.split("/")[2].removeprefix("www.")
    source = Source.objects.create(
        url=url,
        title=title,
        outlet=Outlet.objects.get_or_create(domain=host, defaults={"name": outlet})[0],
        published_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
        state=extra.pop("state", PUBLISHED),
        **extra,
    )
    source.cases.add(case)
    return source


def _event(case: Case, day: dt.date, title: str, sources: list[Source], **extra) -> Event:
    event = Event.objects.create(case=case, date=day, title=title, state=PUBLISHED, **extra)
    for source in sources:
        EventCitation.objects.create(event=event, source=source)
    return event


def create_demo_data() -> dict[str, object]:
    """Create the demo cases; returns the objects the tests look for."""
    ndcal = Court.objects.create(
        name="U.S. District Court, Northern District of California",
        short_name="N.D. Cal.",
        slug="nd-cal",
        courtlistener_id="cand",
    )
    sdny = Court.objects.create(
        name="U.S. District Court, Southern District of New York",
        short_name="S.D.N.Y.",
        slug="sdny",
    )
    distillation = Topic.objects.create(
        name="Model distillation",
        slug="model-distillation",
        description="Training one model on the outputs of another.",
    )
    governance = Topic.objects.create(
        name="Nonprofit governance", slug="nonprofit-governance", description=""
    )
    fair_use = Topic.objects.create(name="Fair use in training", slug="fair-use-in-training")

    musk_case = Case.objects.create(
        short_title="Musk v. OpenAI",
        caption="Elon Musk et al. v. Samuel Altman et al.",
        slug="musk-v-openai",
        court=ndcal,
        docket_number="4:24-cv-04722-YGR",
        filed_on=dt.date(2024, 8, 5),
        status=Case.Status.ON_APPEAL,
        summary="Elon Musk says OpenAI abandoned its founding nonprofit mission. After an "
        "advisory jury found the claims time-barred, the court entered judgment for the "
        "defendants; Musk announced an appeal.",
        courtlistener_docket_id=69013420,
        state=PUBLISHED,
    )
    musk_case.topics.add(distillation, governance)

    people = {
        slug: Party.objects.create(name=name, slug=slug, kind=kind, description=description)
        for slug, name, kind, description in [
            ("elon-musk", "Elon Musk", Party.Kind.PERSON, "Co-founder of OpenAI; CEO of xAI"),
            ("xai", "xAI", Party.Kind.ORGANIZATION, ""),
            ("sam-altman", "Samuel Altman", Party.Kind.PERSON, "CEO of OpenAI"),
            ("greg-brockman", "Gregory Brockman", Party.Kind.PERSON, "President of OpenAI"),
            ("openai", "OpenAI", Party.Kind.ORGANIZATION, "Developer of ChatGPT"),
            ("microsoft", "Microsoft", Party.Kind.ORGANIZATION, ""),
            ("william-savitt", "William Savitt", Party.Kind.PERSON, "Trial counsel for OpenAI"),
            ("ygr", "Yvonne Gonzalez Rogers", Party.Kind.PERSON, "U.S. District Judge"),
        ]
    }
    for order, (slug, role, extra) in enumerate(
        [
            ("elon-musk", CaseRole.Role.PLAINTIFF, {}),
            ("xai", CaseRole.Role.PLAINTIFF, {"note": "joined November 2024"}),
            ("sam-altman", CaseRole.Role.DEFENDANT, {}),
            ("greg-brockman", CaseRole.Role.DEFENDANT, {}),
            ("openai", CaseRole.Role.DEFENDANT, {}),
            ("openai", CaseRole.Role.COUNTER_CLAIMANT, {}),
            ("microsoft", CaseRole.Role.DEFENDANT, {"note": "added November 2024"}),
            ("ygr", CaseRole.Role.JUDGE, {}),
            ("william-savitt", CaseRole.Role.COUNSEL, {"note": "trial counsel"}),
        ]
    ):
        if role == CaseRole.Role.COUNSEL:
            extra["represents"] = people["openai"]
        CaseRole.objects.create(case=musk_case, party=people[slug], role=role, order=order, **extra)

    bi = _source(
        "https://africa.businessinsider.com/news/judge-sets-trial-date-for-musk-vs-altman-showdown/v3hscw5",
        "Business Insider Africa",
        "Judge sets trial date for Musk vs. Altman showdown",
        dt.date(2026, 1, 8),
        musk_case,
    )
    wsb = _source(
        "https://www.wsbtv.com/news/judge-denies-elon/2NCR2DBHEBHEHJT6Y7YSUVSIBE/",
        "WSB-TV",
        "Judge denies Elon Musk's bid to halt OpenAI's for-profit shift",
        dt.date(2025, 3, 4),
        musk_case,
    )
    neuron = _source(
        "https://theneuron.ai/explainer-articles/elon-vs-altman-update-elon-lost-heres-why/",
        "The Neuron",
        "Elon vs. Altman update: Elon lost. Here's why",
        dt.date(2026, 5, 19),
        musk_case,
    )
    techlusive = _source(
        "https://www.techlusive.in/news/musk-reveals-xai-relied-on-openai-models-partly-to-train-grok-1660301/",
        "Techlusive",
        "Elon Musk reveals xAI relied on OpenAI models “partly” to train Grok",
        dt.date(2026, 5, 1),
        musk_case,
        authors="Shubham Arora",
        summary="Under cross-examination Musk said xAI 'partly' used OpenAI models.",
        text="(long article text that must never be loaded on timeline pages)",
    )
    lgtm = _source(
        "https://thelgtm.dev/musk-just-got-caught-in-the-most-damaging-cross-examination-of-the-ai-decade/",
        "The LGTM",
        "Musk just got caught in the most damaging cross-examination of the AI decade",
        dt.date(2026, 4, 30),
        musk_case,
    )
    shmews = _source(
        "https://www.shmews.com/article/21933",
        "Shmews",
        "Musk admits xAI distilled OpenAI models",
        dt.date(2026, 5, 1),
        musk_case,
        link_dead_since=dt.datetime(2026, 6, 2, tzinfo=dt.UTC),
    )
    simplabots = _source(
        "https://simplabots.com/?p=5398",
        "Simplabots",
        "DRAFT uncorroborated aggregator quote",
        dt.date(2026, 5, 2),
        musk_case,
        state=DRAFT,
    )
    month_source = _source(
        "https://piedmontexedra.com/2025/03/__trashed-355",
        "Piedmont Exedra",
        "How Musk's suit moved from state to federal court",
        dt.date(2025, 3, 10),
        musk_case,
    )

    _event(
        musk_case,
        dt.date(2024, 8, 5),
        "Complaint filed in federal court",
        [month_source],
        kind=Event.Kind.FILING,
        importance=Event.Importance.MAJOR,
    )
    _event(
        musk_case,
        dt.date(2024, 11, 1),
        "Amended complaint adds Microsoft, Hoffman and Templeton; xAI joins",
        [month_source],
        kind=Event.Kind.FILING,
        date_precision="month",
    )
    _event(
        musk_case,
        dt.date(2025, 3, 4),
        "Preliminary injunction denied; expedited trial offered",
        [wsb],
        kind=Event.Kind.RULING,
        importance=Event.Importance.MAJOR,
    )
    _event(
        musk_case,
        dt.date(2026, 1, 7),
        "Judge rules the case goes to a jury trial",
        [bi],
        kind=Event.Kind.RULING,
    )
    _event(
        musk_case,
        dt.date(2026, 4, 27),
        "Jury selection begins",
        [lgtm],
        kind=Event.Kind.TRIAL,
        importance=Event.Importance.MAJOR,
    )
    _event(
        musk_case,
        dt.date(2026, 5, 18),
        "Advisory jury finds the claims time-barred; the judge adopts the verdict",
        [neuron, simplabots],
        kind=Event.Kind.VERDICT,
        importance=Event.Importance.MAJOR,
    )
    draft_event = Event.objects.create(
        case=musk_case,
        date=dt.date(2026, 5, 11),
        title="DRAFT Satya Nadella testifies",
        kind=Event.Kind.TRIAL,
        state=DRAFT,
    )
    _event(
        musk_case,
        dt.date.today() + dt.timedelta(days=40),
        "Ninth Circuit briefing deadline",
        [neuron],
        kind=Event.Kind.DEADLINE,
    )

    partly = Testimony.objects.create(
        case=musk_case,
        witness=people["elon-musk"],
        date=dt.date(2026, 4, 30),
        setting=Testimony.Setting.TRIAL,
        phase=Testimony.Phase.CROSS,
        examining_counsel=people["william-savitt"],
        excerpt="Partly.",
        context="Asked whether xAI had distilled OpenAI's models: “So that's a yes?”",
        state=PUBLISHED,
    )
    partly.topics.add(distillation)
    for source, wording in [(techlusive, ""), (lgtm, ""), (shmews, "Partially."), (simplabots, "")]:
        TestimonyCitation.objects.create(testimony=partly, source=source, wording=wording)
    standard = Testimony.objects.create(
        case=musk_case,
        witness=people["elon-musk"],
        date=dt.date(2026, 4, 30),
        setting=Testimony.Setting.TRIAL,
        phase=Testimony.Phase.CROSS,
        examining_counsel=people["william-savitt"],
        excerpt="It is standard practice to use other AIs to validate your AI.",
        state=PUBLISHED,
    )
    standard.topics.add(distillation)
    TestimonyCitation.objects.create(testimony=standard, source=lgtm)
    Testimony.objects.create(
        case=musk_case,
        witness=people["ygr"],
        date=dt.date(2026, 1, 7),
        setting=Testimony.Setting.HEARING,
        excerpt="I think there's plenty of evidence. It's circumstantial, but that's how "
        "these things work.",
        state=PUBLISHED,
    ).citations.create(source=bi)

    nyt = Case.objects.create(
        short_title="The New York Times Co. v. Microsoft Corp.",
        caption="The New York Times Company v. Microsoft Corporation et al.",
        slug="nyt-v-microsoft",
        court=sdny,
        docket_number="1:23-cv-11195",
        filed_on=dt.date(2023, 12, 27),
        status=Case.Status.PENDING,
        state=PUBLISHED,
    )
    nyt.topics.add(fair_use)
    CaseRole.objects.create(case=nyt, party=people["openai"], role=CaseRole.Role.DEFENDANT)
    CaseRole.objects.create(case=nyt, party=people["microsoft"], role=CaseRole.Role.DEFENDANT)
    thurrott = _source(
        "https://www.thurrott.com/?p=330404",
        "Thurrott",
        "OpenAI ordered to produce 20M ChatGPT logs",
        dt.date(2025, 11, 7),
        nyt,
    )
    _event(
        nyt,
        dt.date(2025, 11, 7),
        "Order to produce 20 million de-identified ChatGPT logs",
        [thurrott],
        kind=Event.Kind.RULING,
    )
    draft_case = Case.objects.create(
        short_title="DRAFT Secret v. Case",
        slug="draft-secret-case",
        court=ndcal,
        status=Case.Status.FILED,
        state=DRAFT,
        appeal_of=musk_case,
    )
    return {
        "case": musk_case,
        "partly": partly,
        "draft_event": draft_event,
        "draft_source": simplabots,
        "draft_case": draft_case,
        "techlusive": techlusive,
        "shmews": shmews,
    }
