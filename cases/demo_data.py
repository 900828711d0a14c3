"""The demo dataset: real AI-industry cases, as researched in shared/research/ai-cases.md.

Plain data, one block per case, each fact with the source URLs the research file ties to it
(kept exactly as written there). `cases.demo` checks and loads it; `manage.py load_demo` runs it.

Rules the data follows (from the research file):
- A fact is published only when it has at least one source URL and is not marked uncertain.
  Facts marked `[U]` in the research carry `"uncertain": "<why>"` and load as drafts; facts with
  no source URL at hand load as drafts with no citation, for a curator to complete.
- A URL is cited only for the fact the research file ties it to, never borrowed from a neighbour.
- Unknown fields are left out (empty), never guessed. Dates are "YYYY", "YYYY-MM" or
  "YYYY-MM-DD" and are stored at exactly that precision.
- Quotes are verbatim as reported; square brackets are the reporter's.

Keys of a case block: slug, short_title, caption, court, docket_number, filed_on, closed_on,
status, summary, topics, consolidated_into, sources (case-level sources, e.g. the one that
confirms a docket number), roles, events, testimony.
An event: date, kind, importance, title, description, topics, sources, uncertain.
A testimony: date, witness, setting, examining_counsel, phase, excerpt, is_verbatim, context,
topics, sources, wording ({url: that source's own wording}), uncertain.
"""

# --- Topics ("Topics seen across these cases") --------------------------------------------------

TOPICS = [
    {
        "slug": "model-distillation",
        "name": "Model distillation",
        "description": "Training one AI model on the outputs of another company's model.",
    },
    {
        "slug": "training-data-fair-use",
        "name": "Training data and fair use",
        "description": "Whether copying works to train AI models is fair use under U.S. "
        "copyright law.",
    },
    {
        "slug": "output-infringement",
        "name": "Output infringement",
        "description": "Whether what an AI model generates infringes the works it learned from.",
    },
    {
        "slug": "dmca-copyright-management-information",
        "name": "DMCA / copyright management information",
        "description": "Claims under the DMCA that authors' names, titles and other copyright "
        "management information were removed or altered.",
    },
    {
        "slug": "nonprofit-governance-charitable-trust",
        "name": "Nonprofit governance and charitable trust",
        "description": "Whether an AI lab kept the promises of its nonprofit founding mission.",
    },
    {
        "slug": "trade-secrets-employee-poaching",
        "name": "Trade secrets and employee poaching",
        "description": "Claims that a rival hired away employees to obtain confidential know-how.",
    },
    {
        "slug": "antitrust-platform-integration",
        "name": "Antitrust and platform integration",
        "description": "Competition claims about building one company's AI into a dominant "
        "platform.",
    },
    {
        "slug": "class-settlement",
        "name": "Class settlement",
        "description": "Settlements that resolve the claims of a whole class of rights holders.",
    },
    {
        "slug": "user-logs-privacy",
        "name": "Discovery of user logs and privacy",
        "description": "Orders to keep or hand over users' chat logs as evidence, weighed "
        "against their privacy.",
    },
]

# --- Courts (only those the cases below sit in) --------------------------------------------------

COURTS = [
    {
        "slug": "nd-cal",
        "name": "U.S. District Court for the Northern District of California",
        "short_name": "N.D. Cal.",
        "jurisdiction": "US federal (district)",
        "courtlistener_id": "cand",
    },
    {
        "slug": "sdny",
        "name": "U.S. District Court for the Southern District of New York",
        "short_name": "S.D.N.Y.",
        "jurisdiction": "US federal (district)",
        "courtlistener_id": "nysd",
    },
    {
        "slug": "d-del",
        "name": "U.S. District Court for the District of Delaware",
        "short_name": "D. Del.",
        "jurisdiction": "US federal (district)",
        "courtlistener_id": "ded",
    },
    {
        "slug": "nd-tex",
        "name": "U.S. District Court for the Northern District of Texas",
        "short_name": "N.D. Tex.",
        "jurisdiction": "US federal (district)",
        "courtlistener_id": "txnd",
    },
]

# --- Parties ------------------------------------------------------------------------------------
# Aliases find mentions in article text by whole-word matching, so none is a common word or a
# surname shared with someone else in the news ("Stein", "Orrick", "Reuters" and "Lee" are out).
# Lead plaintiffs the research names only by surname keep only that surname: no guessed names.

PERSON = "person"
ORGANIZATION = "organization"

PARTIES = [
    # People in Musk v. OpenAI
    {"slug": "elon-musk", "name": "Elon Musk", "kind": PERSON, "aliases": ["Musk"]},
    {
        "slug": "samuel-altman",
        "name": "Samuel Altman",
        "kind": PERSON,
        "aliases": ["Sam Altman", "Altman"],
    },
    {
        "slug": "gregory-brockman",
        "name": "Gregory Brockman",
        "kind": PERSON,
        "aliases": ["Greg Brockman", "Brockman"],
    },
    {"slug": "reid-hoffman", "name": "Reid Hoffman", "kind": PERSON},
    {"slug": "dee-templeton", "name": "Dee Templeton", "kind": PERSON},
    {
        "slug": "william-savitt",
        "name": "William Savitt",
        "kind": PERSON,
        "aliases": ["Savitt"],
        "description": "OpenAI's trial counsel in Musk v. OpenAI.",
    },
    # Lead plaintiffs known by surname only
    {"slug": "bartz", "name": "Bartz", "kind": PERSON, "description": "Lead named plaintiff."},
    {"slug": "kadrey", "name": "Kadrey", "kind": PERSON, "description": "Lead named plaintiff."},
    {
        "slug": "andersen",
        "name": "Andersen",
        "kind": PERSON,
        "description": "Lead named plaintiff.",
    },
    # Judges
    {
        "slug": "yvonne-gonzalez-rogers",
        "name": "Yvonne Gonzalez Rogers",
        "kind": PERSON,
        "aliases": ["Gonzalez Rogers"],
        "description": "U.S. District Judge, N.D. Cal.",
    },
    {
        "slug": "sidney-stein",
        "name": "Sidney H. Stein",
        "kind": PERSON,
        "aliases": ["Sidney Stein", "Judge Stein"],
        "description": "U.S. District Judge, S.D.N.Y.",
    },
    {
        "slug": "ona-wang",
        "name": "Ona T. Wang",
        "kind": PERSON,
        "aliases": ["Ona Wang", "Magistrate Judge Wang"],
        "description": "U.S. Magistrate Judge, S.D.N.Y.",
    },
    {
        "slug": "william-alsup",
        "name": "William Alsup",
        "kind": PERSON,
        "aliases": ["Alsup"],
        "description": "U.S. District Judge, N.D. Cal.",
    },
    {
        "slug": "araceli-martinez-olguin",
        "name": "Araceli Martínez-Olguín",
        "kind": PERSON,
        "aliases": ["Martínez-Olguín", "Martinez-Olguin"],
        "description": "U.S. District Judge, N.D. Cal.",
    },
    {
        "slug": "vince-chhabria",
        "name": "Vince Chhabria",
        "kind": PERSON,
        "aliases": ["Chhabria"],
        "description": "U.S. District Judge, N.D. Cal.",
    },
    {
        "slug": "stephanos-bibas",
        "name": "Stephanos Bibas",
        "kind": PERSON,
        "aliases": ["Bibas"],
        "description": "Judge sitting by designation in the District of Delaware.",
    },
    {
        "slug": "william-orrick",
        "name": "William H. Orrick",
        "kind": PERSON,
        "aliases": ["William Orrick", "Judge Orrick"],
        "description": "U.S. District Judge, N.D. Cal.",
    },
    {
        "slug": "eumi-lee",
        "name": "Eumi K. Lee",
        "kind": PERSON,
        "aliases": ["Eumi Lee"],
        "description": "U.S. District Judge, N.D. Cal.",
    },
    {
        "slug": "rita-lin",
        "name": "Rita F. Lin",
        "kind": PERSON,
        "aliases": ["Rita Lin"],
        "description": "U.S. District Judge, N.D. Cal.",
    },
    {
        "slug": "mark-pittman",
        "name": "Mark Pittman",
        "kind": PERSON,
        "aliases": ["Judge Pittman"],
        "description": "U.S. District Judge, N.D. Tex.",
    },
    # Organizations
    {"slug": "openai", "name": "OpenAI", "kind": ORGANIZATION},
    {
        "slug": "microsoft",
        "name": "Microsoft Corporation",
        "kind": ORGANIZATION,
        "aliases": ["Microsoft"],
    },
    {"slug": "xai", "name": "xAI Corp.", "kind": ORGANIZATION, "aliases": ["xAI"]},
    {"slug": "x-corp", "name": "X Corp.", "kind": ORGANIZATION, "aliases": ["X Corp"]},
    {"slug": "apple", "name": "Apple Inc.", "kind": ORGANIZATION, "aliases": ["Apple"]},
    {
        "slug": "anthropic",
        "name": "Anthropic PBC",
        "kind": ORGANIZATION,
        "aliases": ["Anthropic"],
    },
    {
        "slug": "meta",
        "name": "Meta Platforms, Inc.",
        "kind": ORGANIZATION,
        "aliases": ["Meta Platforms", "Meta"],
    },
    {
        "slug": "stability-ai",
        "name": "Stability AI Ltd.",
        "kind": ORGANIZATION,
        "aliases": ["Stability AI"],
    },
    {
        "slug": "thomson-reuters",
        "name": "Thomson Reuters Enterprise Centre GmbH",
        "kind": ORGANIZATION,
        "aliases": ["Thomson Reuters"],
    },
    {
        "slug": "ross-intelligence",
        "name": "ROSS Intelligence Inc.",
        "kind": ORGANIZATION,
        "aliases": ["ROSS Intelligence"],
    },
    {
        "slug": "new-york-times",
        "name": "The New York Times Company",
        "kind": ORGANIZATION,
        "aliases": ["New York Times", "NYT"],
    },
    {
        "slug": "authors-guild",
        "name": "The Authors Guild",
        "kind": ORGANIZATION,
        "aliases": ["Authors Guild"],
    },
    {
        "slug": "concord-music-group",
        "name": "Concord Music Group, Inc.",
        "kind": ORGANIZATION,
        "aliases": ["Concord Music"],
    },
]

# --- Sources ------------------------------------------------------------------------------------
# Every URL exactly as the research file gives it. The loader stores it normalized
# (articles.urlnorm.normalize_url) and files it under an Outlet for its host.

# Musk v. OpenAI
GAUDENCIO = (
    "https://www.gaudencioadvogados.com/en/news/"
    "big-tech-docket-musks-suit-against-openai-to-proceed-to-trial"
)
PIEDMONT_EXEDRA = "https://piedmontexedra.com/2025/03/__trashed-355"
WSBTV = "https://www.wsbtv.com/news/judge-denies-elon/2NCR2DBHEBHEHJT6Y7YSUVSIBE/"
ARAB_NEWS = "https://www.arabnews.pk/node/2611709"
BUSINESS_INSIDER = (
    "https://africa.businessinsider.com/news/"
    "judge-sets-trial-date-for-musk-vs-altman-showdown/v3hscw5"
)
NEWSTENET = (
    "https://www.newstenet.com/article/sam-altman-testifies-musk-openai-lawsuit-oakland-may-2026"
)
THE_NEURON = "https://theneuron.ai/explainer-articles/elon-vs-altman-update-elon-lost-heres-why/"
THELGTM = (
    "https://thelgtm.dev/"
    "musk-just-got-caught-in-the-most-damaging-cross-examination-of-the-ai-decade/"
)
TECHLUSIVE = "https://www.techlusive.in/news/musk-reveals-xai-relied-on-openai-models-partly-to-train-grok-1660301/"
AI_TLDR = "https://ai-tldr.dev/releases/musk-xai-openai-distillation-testimony/"
AIPEDIA = "https://www.aipedia.wiki/news/2026-04-30-xai-grok-openai-distillation-testimony/"
SHMEWS = "https://www.shmews.com/article/21933"
SIMPLABOTS = "https://simplabots.com/?p=5398"
EFINDER = (
    "https://efinder.lk/news/article/"
    "sam-altman-rejects-musks-stolen-charity-claims-in-court-showdown"
)
NEWSNUNC = "https://newsnunc.com/article/musk-loses-bitter-legal-fight-against-his-arch-enemy"
# The five sources of Musk's distillation testimony of 2026-04-30.
MUSK_DISTILLATION_SOURCES = [THELGTM, TECHLUSIVE, AI_TLDR, AIPEDIA, SHMEWS]

# The New York Times v. Microsoft
IPLAWYERLA_NYT = "https://iplawyerla.com/blog/new-york-times-v-openai-output-infringement/"
GOOD_JOURNEY = (
    "https://www.goodjourneyconsulting.com/blog/"
    "opinion-issued-on-motions-to-dismiss-for-the-nyt-copyright-consolidated-case-group"
)
THURROTT = "https://www.thurrott.com/?p=330404"
DECRYPT = "https://demo.decrypt.co/351000/openai-ordered-20m-chatgpt-logs-nyt-copyright-case"

# Authors Guild v. OpenAI
CASETEXT_AUTHORS_GUILD = "http://casetext.com/case/authors-guild-v-openai-inc-1"
KEYHANI = "https://keyhanillc.com/2026/01/27/open-ai-copyright-claims/"

# Bartz v. Anthropic
MIDPAGE_BARTZ = "https://app.midpage.ai/document/bartz-v-anthropic-pbc-1000455884188"
AUTHORS_ALLIANCE = (
    "https://www.authorsalliance.org/2026/01/12/"
    "bartz-v-anthropic-updated-opt-out-and-objection-dates-and-a-new-judge"
)
RESULTSENSE = (
    "https://www.resultsense.com/news/2026-05-15-anthropic-15b-authors-settlement-hearing/"
)

# Kadrey v. Meta
JUSTIA_KADREY = (
    "https://docs.justia.com/cases/federal/district-courts/california/candce/"
    "3:2023cv03417/415175/471"
)
CENTER_CONSULTING = "https://centerconsulting.com/ai-library/milestones/2025-kadrey-v-meta"

# Thomson Reuters v. ROSS
AIFRAY = "https://aifray.com/?p=509"
CHATGPT_EATING_THE_WORLD = (
    "https://chatgptiseatingtheworld.com/2026/04/14/"
    "third-circuit-sets-oral-argument-on-june-11-for-1st-appeal-of-decision-on-fair-use-in-ai-"
    "training-case-follows-another-recent-third-circuit-decision-on-fair-use-in-american-society-"
    "for-testing-v-upc/"
)
LAWNEXT = (
    "https://www.lawnext.com/2025/05/"
    "the-questions-here-are-hard-judge-explains-postponement-of-trial-in-thomson-reuters-ross-"
    "litigation.html"
)

# Andersen v. Stability AI
SAVERI = "https://saverilawfirm.com/our-cases/ai-artgenerators-copyright-litigation"

# Concord v. Anthropic
CASETEXT_CONCORD = "http://print.casetext.com/case/concord-music-grp-v-anthropic-pbc-1"
IPLAWYERLA_CONCORD = "https://iplawyerla.com/blog/concord-music-v-anthropic-lyrics-injunction/"

# xAI v. OpenAI
CNA = (
    "https://www.channelnewsasia.com/business/"
    "musks-xai-accuses-rival-openai-stealing-trade-secrets-5369481"
)
LAW360 = "https://law360.com/articles/2489807/judge-tosses-xai-trade-secret-case-against-openai"

# X Corp. and xAI v. Apple and OpenAI
BUSINESS_STANDARD = (
    "https://www.business-standard.com/technology/tech-news/"
    "openai-apple-lose-bid-to-toss-elon-musk-xai-suit-over-competition-125111400354_1.html"
)

# One Outlet per host (articles.urlnorm.url_host: lower case, no "www.").
OUTLETS = {
    "gaudencioadvogados.com": "Gaudencio Advogados",
    "piedmontexedra.com": "Piedmont Exedra",
    "wsbtv.com": "WSB-TV",
    "arabnews.pk": "Arab News Pakistan",
    "africa.businessinsider.com": "Business Insider Africa",
    "newstenet.com": "NewsTenet",
    "theneuron.ai": "The Neuron",
    "thelgtm.dev": "The LGTM",
    "techlusive.in": "Techlusive",
    "ai-tldr.dev": "AI TL;DR",
    "aipedia.wiki": "AIPedia",
    "shmews.com": "Shmews",
    "simplabots.com": "Simplabots",
    "efinder.lk": "eFinder",
    "newsnunc.com": "NewsNunc",
    "iplawyerla.com": "IP Lawyer LA",
    "goodjourneyconsulting.com": "Good Journey Consulting",
    "thurrott.com": "Thurrott",
    "demo.decrypt.co": "Decrypt",
    "casetext.com": "Casetext",
    "print.casetext.com": "Casetext (print view)",
    "keyhanillc.com": "Keyhani LLC",
    "app.midpage.ai": "Midpage",
    "authorsalliance.org": "Authors Alliance",
    "resultsense.com": "Resultsense",
    "docs.justia.com": "Justia Dockets",
    "centerconsulting.com": "Center Consulting",
    "aifray.com": "AI Fray",
    "chatgptiseatingtheworld.com": "ChatGPT Is Eating the World",
    "lawnext.com": "LawNext",
    "saverilawfirm.com": "Saveri Law Firm",
    "channelnewsasia.com": "CNA",
    "law360.com": "Law360",
    "business-standard.com": "Business Standard",
}

# Hosts whose pages are court documents (opinions and orders); everything else is news.
COURT_DOCUMENT_HOSTS = frozenset(
    {"docs.justia.com", "casetext.com", "print.casetext.com", "app.midpage.ai"}
)

# What the research file says about a source beyond its URL. Titles are left empty unless known:
# headlines are never made up. "publish": True publishes a source no entry cites (the default is
# published exactly when a published entry cites it); False keeps it a draft whatever happens.
SOURCE_DETAILS = {
    TECHLUSIVE: {
        "title": "Elon Musk reveals xAI relied on OpenAI models “partly” to train Grok",
        "authors": "Shubham Arora",
        "published_at": ("2026-05-01 17:10", "Asia/Kolkata"),
    },
    GAUDENCIO: {
        "summary": "Confirms the case's docket number, 24-cv-4722.",
        "publish": True,
    },
    PIEDMONT_EXEDRA: {
        "summary": "Musk sued in California state court on 29 February 2024, withdrew that suit "
        "in June 2024 and filed in federal court on 5 August 2024.",
    },
    SIMPLABOTS: {
        "summary": "UNCORROBORATED: this aggregator prints a long “quote” from Musk's testimony "
        "that no other source carries. Do not cite it for testimony.",
        "publish": False,
    },
}

# --- Cases --------------------------------------------------------------------------------------

MUSK_V_OPENAI = {
    "slug": "musk-v-openai",
    "short_title": "Musk v. OpenAI",
    "caption": "Elon Musk et al. v. Samuel Altman et al.",
    "court": "nd-cal",
    # The 24-cv-4722 number is confirmed by GAUDENCIO; prefix and suffix follow N.D. Cal. form.
    "docket_number": "4:24-cv-04722-YGR",
    "filed_on": "2024-08-05",
    "status": "decided",
    "topics": ["nonprofit-governance-charitable-trust", "model-distillation"],
    "sources": [GAUDENCIO, PIEDMONT_EXEDRA, SIMPLABOTS],
    "summary": (
        "Elon Musk claims that OpenAI's leaders broke the nonprofit mission OpenAI was founded "
        "on, on charitable-trust, contract and fraud theories. He first sued in California state "
        "court on 29 February 2024, withdrew that suit in June 2024 and filed this federal case "
        "on 5 August 2024 in Oakland. In November 2024 an amended complaint added Microsoft, Reid "
        "Hoffman and Dee Templeton as defendants and xAI joined as a plaintiff; OpenAI "
        "counterclaimed. At the jury trial in spring 2026, Musk said on cross-examination that "
        "xAI had “partly” distilled OpenAI's models. On 18 May 2026 an advisory jury unanimously "
        "found the claims time-barred, and Judge Yvonne Gonzalez Rogers adopted its findings: "
        "judgment for the defendants. Musk announced an appeal to the Ninth Circuit. Sources "
        "disagree on what Musk gave OpenAI: $38 million in his testimony, $44–45 million in the "
        "complaint."
    ),
    "roles": [
        {"party": "elon-musk", "role": "plaintiff", "order": 1},
        {"party": "xai", "role": "plaintiff", "note": "joined November 2024", "order": 2},
        {"party": "samuel-altman", "role": "defendant", "order": 10},
        {"party": "gregory-brockman", "role": "defendant", "order": 11},
        {"party": "openai", "role": "defendant", "note": "OpenAI entities", "order": 12},
        {"party": "microsoft", "role": "defendant", "note": "added November 2024", "order": 13},
        {"party": "reid-hoffman", "role": "defendant", "note": "added November 2024", "order": 14},
        {"party": "dee-templeton", "role": "defendant", "note": "added November 2024", "order": 15},
        {"party": "openai", "role": "counter_claimant", "order": 20},
        {"party": "yvonne-gonzalez-rogers", "role": "judge", "order": 30},
        {
            "party": "william-savitt",
            "role": "counsel",
            "represents": "openai",
            "note": "trial counsel",
            "order": 40,
        },
        {"party": "elon-musk", "role": "witness", "note": "testified 30 April 2026", "order": 50},
        {"party": "samuel-altman", "role": "witness", "note": "testified 12 May 2026", "order": 51},
    ],
    "events": [
        {
            "date": "2024-02-29",
            "kind": "filing",
            "importance": "major",
            "title": "Musk sues OpenAI in California state court",
            "description": "The first suit, filed in state court; Musk withdrew it in June 2024.",
            "topics": ["nonprofit-governance-charitable-trust"],
            "sources": [PIEDMONT_EXEDRA],
        },
        {
            "date": "2024-06",
            "kind": "other",
            "importance": "minor",
            "title": "Musk withdraws the state-court suit",
            "sources": [PIEDMONT_EXEDRA],
        },
        {
            "date": "2024-08-05",
            "kind": "filing",
            "importance": "major",
            "title": "Musk files suit in federal court",
            "description": "The complaint claims OpenAI's leaders broke its founding nonprofit "
            "mission (charitable-trust, contract and fraud theories).",
            "topics": ["nonprofit-governance-charitable-trust"],
            "sources": [PIEDMONT_EXEDRA],
        },
        {
            "date": "2024-11",
            "kind": "filing",
            "importance": "minor",
            "title": "Amended complaint adds Microsoft, Reid Hoffman and Dee Templeton; "
            "xAI joins as plaintiff",
            "sources": [],
        },
        {
            "date": "2025-03-04",
            "kind": "ruling",
            "importance": "major",
            "title": "Preliminary injunction denied; expedited trial offered",
            "sources": [WSBTV],
        },
        {
            "date": "2025-08-12",
            "kind": "ruling",
            "importance": "minor",
            "title": "OpenAI's counterclaims allowed to proceed",
            "sources": [ARAB_NEWS],
        },
        {
            "date": "2026-01-07",
            "kind": "ruling",
            "importance": "major",
            "title": "Judge rules the case goes to a jury trial",
            "description": "Sources disagree on the day: one says 8 January 2026.",
            "sources": [BUSINESS_INSIDER],
            "uncertain": "one source dates the ruling 8 January 2026",
        },
        {
            "date": "2026-04-27",
            "kind": "trial",
            "importance": "major",
            "title": "Jury selection begins",
            "sources": [],
        },
        {
            "date": "2026-04-30",
            "kind": "trial",
            "importance": "minor",
            "title": "Musk cross-examined about model distillation",
            "description": "Questioned by OpenAI's counsel William Savitt, Musk said xAI had "
            "“partly” distilled OpenAI's models.",
            "topics": ["model-distillation"],
            "sources": MUSK_DISTILLATION_SOURCES,
        },
        {
            "date": "2026-05-04",
            "kind": "trial",
            "importance": "minor",
            "title": "Greg Brockman testifies",
            "sources": [],
        },
        {
            "date": "2026-05-11",
            "kind": "trial",
            "importance": "minor",
            "title": "Satya Nadella testifies",
            "sources": [],
            "uncertain": "single weak source",
        },
        {
            "date": "2026-05-12",
            "kind": "trial",
            "importance": "minor",
            "title": "Sam Altman testifies",
            "sources": [NEWSTENET],
        },
        {
            "date": "2026-05-18",
            "kind": "verdict",
            "importance": "major",
            "title": "Unanimous advisory verdict that the claims were time-barred; "
            "the judge adopts it",
            "topics": ["nonprofit-governance-charitable-trust"],
            "sources": [THE_NEURON],
        },
    ],
    "testimony": [
        {
            "date": "2026-04-30",
            "witness": "elon-musk",
            "setting": "trial",
            "examining_counsel": "william-savitt",
            "phase": "cross",
            "excerpt": "Partly.",
            "context": "Asked whether xAI had distilled OpenAI's models, Musk first answered "
            "“Generally all the AI companies [do that]”; then asked “So that's a yes”.",
            "topics": ["model-distillation"],
            "sources": MUSK_DISTILLATION_SOURCES,
            "wording": {SHMEWS: "Partially."},
        },
        {
            "date": "2026-04-30",
            "witness": "elon-musk",
            "setting": "trial",
            "examining_counsel": "william-savitt",
            "phase": "cross",
            "excerpt": "It is standard practice to use other AIs to validate your AI.",
            "context": "Cross-examined about whether xAI had distilled OpenAI's models.",
            "topics": ["model-distillation"],
            "sources": MUSK_DISTILLATION_SOURCES,
        },
        {
            # Same hearing as the jury-trial ruling, whose day sources disagree on (7 or 8
            # January): the quote is certain, so it is published at the month both agree on.
            "date": "2026-01",
            "witness": "yvonne-gonzalez-rogers",
            "setting": "hearing",
            "excerpt": "I think there's plenty of evidence. It's circumstantial, but that's how "
            "these things work.",
            "context": "At the hearing where she ruled the case would go to a jury (sources give "
            "7 or 8 January 2026 for it).",
            "sources": [BUSINESS_INSIDER],
        },
        {
            "date": "2026-05-12",
            "witness": "samuel-altman",
            "setting": "trial",
            "excerpt": "It feels difficult to even wrap my head around that framing",
            "context": "On Musk's “steal a charity” framing.",
            "topics": ["nonprofit-governance-charitable-trust"],
            "sources": [EFINDER],
            "uncertain": "single weak source",
        },
        {
            "date": "2026-05-18",
            "witness": "yvonne-gonzalez-rogers",
            "setting": "ruling",
            "excerpt": "The court now confirms the prior indication that it would accept the "
            "jury's findings as its own",
            "context": "Adopting the advisory jury's verdict.",
            "sources": [NEWSNUNC],
        },
    ],
}

IN_RE_OPENAI_COPYRIGHT = {
    "slug": "in-re-openai-copyright-litigation",
    "short_title": "In re OpenAI Copyright Litigation",
    "caption": "In re OpenAI copyright litigation (MDL No. 3143)",
    "court": "sdny",
    "filed_on": "2025-04-03",
    "status": "pending",
    "topics": ["output-infringement"],
    "summary": (
        "Multidistrict litigation No. 3143, created on 3 April 2025, which gathers copyright "
        "suits against OpenAI in the Southern District of New York, among them The New York "
        "Times Co. v. Microsoft Corp. and Authors Guild v. OpenAI."
    ),
    "roles": [{"party": "openai", "role": "defendant"}],
    "events": [],
    "testimony": [],
}

NYT_V_MICROSOFT = {
    "slug": "nyt-v-microsoft",
    "short_title": "NYT v. Microsoft & OpenAI",
    "caption": "The New York Times Co. v. Microsoft Corp. et al.",
    "court": "sdny",
    "docket_number": "1:23-cv-11195 (SHS)",
    "filed_on": "2023-12-27",
    "status": "pending",
    "consolidated_into": "in-re-openai-copyright-litigation",
    "topics": ["output-infringement", "user-logs-privacy"],
    "summary": (
        "The New York Times Company's copyright suit against Microsoft and OpenAI, filed on "
        "27 December 2023. Judge Sidney H. Stein largely denied the motions to dismiss in March "
        "2025, and the case became part of MDL No. 3143 (In re OpenAI copyright litigation). "
        "Magistrate Judge Ona T. Wang ordered ChatGPT output logs preserved and, in November 2025, "
        "20 million de-identified logs produced. The case is in discovery and summary judgment."
    ),
    "roles": [
        {"party": "new-york-times", "role": "plaintiff", "order": 1},
        {"party": "microsoft", "role": "defendant", "order": 10},
        {"party": "openai", "role": "defendant", "order": 11},
        {"party": "sidney-stein", "role": "judge", "order": 30},
        {"party": "ona-wang", "role": "magistrate_judge", "order": 31},
    ],
    "events": [
        {
            "date": "2025-01-14",
            "kind": "hearing",
            "importance": "minor",
            "title": "Argument on the motions to dismiss",
            "sources": [],
        },
        {
            "date": "2025-03-26",
            "kind": "ruling",
            "importance": "major",
            "title": "Motions to dismiss largely denied",
            "sources": [IPLAWYERLA_NYT],
        },
        {
            "date": "2025-04-03",
            "kind": "other",
            "importance": "minor",
            "title": "MDL No. 3143 (In re OpenAI copyright litigation) created",
            "sources": [],
        },
        {
            "date": "2025-04-04",
            "kind": "ruling",
            "importance": "minor",
            "title": "Full opinion on the motions to dismiss issued",
            "sources": [GOOD_JOURNEY],
        },
        {
            "date": "2025-05-13",
            "kind": "ruling",
            "importance": "minor",
            "title": "Order to preserve ChatGPT output logs",
            "topics": ["user-logs-privacy"],
            "sources": [],
        },
        {
            "date": "2025-11-07",
            "kind": "ruling",
            "importance": "minor",
            "title": "Order to produce 20 million de-identified ChatGPT logs",
            "topics": ["user-logs-privacy"],
            "sources": [THURROTT],
        },
        {
            "date": "2026-04-02",
            "kind": "deadline",
            "importance": "minor",
            "title": "Summary-judgment briefing closes",
            "sources": [],
            "uncertain": "single weak source",
        },
    ],
    "testimony": [
        {
            # The research ties the quote to "the log order" (the 20M-log order of November 2025
            # or a ruling on it), not to a day: stored at year precision.
            "date": "2025",
            "witness": "ona-wang",
            "setting": "ruling",
            "excerpt": "cannot predominate where there is clear relevance and minimal burden",
            "context": "On users' privacy concerns about the order to produce ChatGPT output logs.",
            "topics": ["user-logs-privacy"],
            "sources": [DECRYPT],
        },
    ],
}

AUTHORS_GUILD_V_OPENAI = {
    "slug": "authors-guild-v-openai",
    "short_title": "Authors Guild v. OpenAI",
    "caption": "Authors Guild et al. v. OpenAI Inc. et al.",
    "court": "sdny",
    "docket_number": "1:23-cv-08292 (SHS)",
    # Sources disagree on the day (19 or 20 September): only the month is certain.
    "filed_on": "2023-09",
    "status": "pending",
    "consolidated_into": "in-re-openai-copyright-litigation",
    "topics": ["output-infringement"],
    "summary": (
        "Copyright suit by the Authors Guild and other plaintiffs against OpenAI, filed in "
        "September 2023 (sources give the 19th or the 20th) and now part of MDL No. 3143. Judge "
        "Sidney H. Stein denied California plaintiffs' motion to intervene in April 2024 and, in "
        "October 2025, let the output-infringement claims go forward."
    ),
    "roles": [
        {"party": "authors-guild", "role": "plaintiff", "order": 1},
        {"party": "openai", "role": "defendant", "order": 10},
        {"party": "sidney-stein", "role": "judge", "order": 30},
    ],
    "events": [
        {
            "date": "2024-04-01",
            "kind": "ruling",
            "importance": "minor",
            "title": "California plaintiffs' motion to intervene denied",
            "sources": [CASETEXT_AUTHORS_GUILD],
        },
        {
            "date": "2025-10-27",
            "kind": "ruling",
            "importance": "major",
            "title": "Output-infringement claims survive",
            "topics": ["output-infringement"],
            "sources": [KEYHANI],
        },
    ],
    "testimony": [
        {
            # No source URL is tied to the quote itself: a draft until a curator adds one.
            "date": "2025-10-27",
            "witness": "sidney-stein",
            "setting": "ruling",
            "excerpt": "A reasonable jury could find that the allegedly infringing outputs are "
            "substantially similar to plaintiffs' works.",
            "context": "Ruling that the output-infringement claims survive.",
            "topics": ["output-infringement"],
            "sources": [],
        },
    ],
}

BARTZ_V_ANTHROPIC = {
    "slug": "bartz-v-anthropic",
    "short_title": "Bartz v. Anthropic",
    "caption": "Bartz et al. v. Anthropic PBC",
    "court": "nd-cal",
    "docket_number": "3:24-cv-05417",
    "filed_on": "2024-08-19",
    "status": "settled",
    "topics": ["training-data-fair-use", "class-settlement"],
    "summary": (
        "Class action by authors against Anthropic, filed on 19 August 2024. In June 2025 Judge "
        "William Alsup held that training was fair use but that the pirated central library was "
        "not. The parties signed a $1.5 billion class settlement in September 2025, which won "
        "preliminary approval; the case was reassigned to Judge Araceli Martínez-Olguín on "
        "31 December 2025 and final approval is pending."
    ),
    "roles": [
        {"party": "bartz", "role": "plaintiff", "note": "lead named plaintiff", "order": 1},
        {"party": "anthropic", "role": "defendant", "order": 10},
        {
            "party": "william-alsup",
            "role": "judge",
            "note": "until reassignment on 31 December 2025",
            "order": 30,
        },
        {
            "party": "araceli-martinez-olguin",
            "role": "judge",
            "note": "since 31 December 2025",
            "order": 31,
        },
    ],
    "events": [
        {
            # "No stable source URL at hand: publish only once a curator adds one."
            "date": "2025-06-23",
            "kind": "ruling",
            "importance": "major",
            "title": "Training held fair use, but not the pirated central library",
            "topics": ["training-data-fair-use"],
            "sources": [],
        },
        {
            "date": "2025-09-05",
            "kind": "settlement",
            "importance": "major",
            "title": "$1.5 billion class settlement signed",
            "topics": ["class-settlement"],
            "sources": [MIDPAGE_BARTZ],
        },
        {
            "date": "2025-09-25",
            "kind": "ruling",
            "importance": "minor",
            "title": "Settlement preliminarily approved",
            "topics": ["class-settlement"],
            "sources": [],
        },
        {
            "date": "2025-12-31",
            "kind": "other",
            "importance": "minor",
            "title": "Case reassigned to Judge Araceli Martínez-Olguín",
            "sources": [],
        },
        {
            "date": "2026-01-29",
            "kind": "deadline",
            "importance": "minor",
            "title": "Class members' opt-out deadline",
            "topics": ["class-settlement"],
            "sources": [AUTHORS_ALLIANCE],
        },
        {
            "date": "2026-05-14",
            "kind": "hearing",
            "importance": "minor",
            "title": "Final approval of the settlement held back",
            "topics": ["class-settlement"],
            "sources": [RESULTSENSE],
            "uncertain": "single weak source",
        },
    ],
    "testimony": [
        {
            "date": "2025-06-23",
            "witness": "william-alsup",
            "setting": "ruling",
            "excerpt": "exceedingly transformative",
            "context": "Describing the training of Anthropic's models, in the fair-use ruling.",
            "topics": ["training-data-fair-use"],
            "sources": [],
        },
        {
            "date": "2025-09-25",
            "witness": "william-alsup",
            "setting": "ruling",
            "excerpt": "This is a fair settlement.",
            "context": "On preliminarily approving the class settlement.",
            "topics": ["class-settlement"],
            "sources": [],
        },
    ],
}

KADREY_V_META = {
    "slug": "kadrey-v-meta",
    "short_title": "Kadrey v. Meta",
    "caption": "Kadrey et al. v. Meta Platforms, Inc.",
    "court": "nd-cal",
    "docket_number": "3:23-cv-03417-VC",
    "filed_on": "2023-07-07",
    "status": "pending",
    "topics": ["training-data-fair-use", "dmca-copyright-management-information"],
    "summary": (
        "Copyright suit by Kadrey and other plaintiffs against Meta, filed on 7 July 2023 before "
        "Judge Vince Chhabria. Most claims were dismissed in November 2023; in March 2025 the "
        "CDAFA claim was dismissed and the DMCA claim kept. On 25 June 2025 the court granted "
        "Meta summary judgment of fair use, and two days later the DMCA claim failed at summary "
        "judgment. The judge stressed that the ruling stands only for the proposition that these "
        "plaintiffs made the wrong arguments."
    ),
    "roles": [
        {"party": "kadrey", "role": "plaintiff", "note": "lead named plaintiff", "order": 1},
        {"party": "meta", "role": "defendant", "order": 10},
        {"party": "vince-chhabria", "role": "judge", "order": 30},
    ],
    "events": [
        {
            "date": "2023-11",
            "kind": "ruling",
            "importance": "major",
            "title": "Most claims dismissed",
            "sources": [],
        },
        {
            "date": "2025-03-07",
            "kind": "ruling",
            "importance": "minor",
            "title": "CDAFA claim dismissed; DMCA claim kept",
            "topics": ["dmca-copyright-management-information"],
            "sources": [JUSTIA_KADREY],
        },
        {
            "date": "2025-06-25",
            "kind": "ruling",
            "importance": "major",
            "title": "Summary judgment of fair use for Meta",
            "topics": ["training-data-fair-use"],
            "sources": [],
        },
        {
            "date": "2025-06-27",
            "kind": "ruling",
            "importance": "major",
            "title": "DMCA claim fails at summary judgment",
            "topics": ["dmca-copyright-management-information"],
            "sources": [],
        },
    ],
    "testimony": [
        {
            # The research gives no day; the source is a 2025 milestone page.
            "date": "2025",
            "witness": "vince-chhabria",
            "setting": "ruling",
            "excerpt": "stands only for the proposition that these plaintiffs made the wrong "
            "arguments",
            "context": "On what his ruling for Meta decides.",
            "topics": ["training-data-fair-use"],
            "sources": [CENTER_CONSULTING],
        },
    ],
}

THOMSON_REUTERS_V_ROSS = {
    "slug": "thomson-reuters-v-ross",
    "short_title": "Thomson Reuters v. ROSS Intelligence",
    "caption": "Thomson Reuters Enterprise Centre GmbH v. ROSS Intelligence Inc.",
    "court": "d-del",
    "docket_number": "1:20-cv-00613-SB",
    "filed_on": "2020-05",
    "status": "on_appeal",
    "topics": ["training-data-fair-use"],
    "summary": (
        "Thomson Reuters' suit against ROSS Intelligence, filed in May 2020 in the District of "
        "Delaware, where Judge Stephanos Bibas sits by designation. Summary judgment was largely "
        "denied in September 2023; in February 2025 the judge granted summary judgment to "
        "Thomson Reuters, finding no fair use. In April 2025 he certified an interlocutory "
        "appeal and stayed the trial; the Third Circuit set oral argument for 11 June 2026."
    ),
    "roles": [
        {"party": "thomson-reuters", "role": "plaintiff", "order": 1},
        {"party": "ross-intelligence", "role": "defendant", "order": 10},
        {
            "party": "stephanos-bibas",
            "role": "judge",
            "note": "sitting by designation",
            "order": 30,
        },
    ],
    "events": [
        {
            "date": "2023-09-25",
            "kind": "ruling",
            "importance": "minor",
            "title": "Summary judgment largely denied",
            "sources": [],
        },
        {
            "date": "2025-02-11",
            "kind": "ruling",
            "importance": "major",
            "title": "Summary judgment for Thomson Reuters: no fair use",
            "topics": ["training-data-fair-use"],
            "sources": [],
        },
        {
            "date": "2025-04-04",
            "kind": "appeal",
            "importance": "major",
            "title": "Interlocutory appeal certified; trial stayed",
            "sources": [AIFRAY],
        },
        {
            "date": "2026-06-11",
            "kind": "hearing",
            "importance": "major",
            "title": "Third Circuit oral argument",
            "description": "Set by the Third Circuit for the first appeal of a decision on fair "
            "use in AI training.",
            "topics": ["training-data-fair-use"],
            "sources": [CHATGPT_EATING_THE_WORLD],
        },
    ],
    "testimony": [
        {
            # The source (May 2025) reports it; the research gives no day.
            "date": "2025",
            "witness": "stephanos-bibas",
            "setting": "ruling",
            "excerpt": "the questions here are hard",
            "context": "Explaining the postponement of the trial.",
            "sources": [LAWNEXT],
        },
    ],
}

ANDERSEN_V_STABILITY = {
    "slug": "andersen-v-stability-ai",
    "short_title": "Andersen v. Stability AI",
    "caption": "Andersen et al. v. Stability AI Ltd. et al.",
    "court": "nd-cal",
    "docket_number": "3:23-cv-00201-WHO",
    "filed_on": "2023-01-13",
    "status": "pending",
    "topics": ["dmca-copyright-management-information"],
    "summary": (
        "Suit by Andersen and other plaintiffs against Stability AI and others, filed on 13 "
        "January 2023 before Judge William H. Orrick. Most claims were dismissed in October 2023; "
        "in August 2024 the copyright claims were allowed to proceed and the DMCA claim was "
        "dismissed."
    ),
    "roles": [
        {"party": "andersen", "role": "plaintiff", "note": "lead named plaintiff", "order": 1},
        {"party": "stability-ai", "role": "defendant", "order": 10},
        {"party": "william-orrick", "role": "judge", "order": 30},
    ],
    "events": [
        {
            "date": "2023-10-30",
            "kind": "ruling",
            "importance": "major",
            "title": "Most claims dismissed",
            "sources": [],
        },
        {
            "date": "2024-08-12",
            "kind": "ruling",
            "importance": "major",
            "title": "Copyright claims proceed; DMCA claim dismissed",
            "topics": ["dmca-copyright-management-information"],
            "sources": [SAVERI],
        },
        {
            "date": "2026-09-08",
            "kind": "trial",
            "importance": "major",
            "title": "Trial date",
            "sources": [],
            "uncertain": "single weak source",
        },
    ],
    "testimony": [],
}

CONCORD_V_ANTHROPIC = {
    "slug": "concord-music-v-anthropic",
    "short_title": "Concord Music v. Anthropic",
    "caption": "Concord Music Group, Inc. v. Anthropic PBC",
    "court": "nd-cal",
    "docket_number": "5:24-cv-03811-EKL",
    "filed_on": "2023-10",
    "status": "pending",
    "summary": (
        "Concord Music Group's suit against Anthropic, filed in October 2023 in the Middle "
        "District of Tennessee (No. 3:23-cv-01092) and transferred on 24 June 2024 to the "
        "Northern District of California, before Judge Eumi K. Lee. The parties stipulated to "
        "lyric guardrails in January 2025; a preliminary injunction was denied on 25 March 2025."
    ),
    "roles": [
        {"party": "concord-music-group", "role": "plaintiff", "order": 1},
        {"party": "anthropic", "role": "defendant", "order": 10},
        {"party": "eumi-lee", "role": "judge", "order": 30},
    ],
    "events": [
        {
            "date": "2024-06-24",
            "kind": "ruling",
            "importance": "minor",
            "title": "Case transferred from M.D. Tenn. to N.D. Cal.",
            "description": "Filed in the Middle District of Tennessee as No. 3:23-cv-01092.",
            "sources": [CASETEXT_CONCORD],
        },
        {
            "date": "2025-01-02",
            "kind": "filing",
            "importance": "minor",
            "title": "Stipulation on lyric guardrails",
            "sources": [],
        },
        {
            "date": "2025-03-25",
            "kind": "ruling",
            "importance": "major",
            "title": "Preliminary injunction denied",
            "sources": [IPLAWYERLA_CONCORD],
        },
    ],
    "testimony": [],
}

XAI_V_OPENAI = {
    "slug": "xai-v-openai-trade-secrets",
    "short_title": "xAI v. OpenAI (trade secrets)",
    "caption": "xAI Corp. v. OpenAI",
    "court": "nd-cal",
    # Docket number unknown: left empty.
    "filed_on": "2025-09-24",
    "closed_on": "2026-06-15",
    "status": "dismissed",
    "topics": ["trade-secrets-employee-poaching"],
    "summary": (
        "xAI's trade-secrets suit against OpenAI, filed on 24 September 2025. Judge Rita F. Lin "
        "dismissed it with leave to amend on 24 February 2026 and with prejudice on 15 June 2026."
    ),
    "roles": [
        {"party": "xai", "role": "plaintiff", "order": 1},
        {"party": "openai", "role": "defendant", "order": 10},
        {"party": "rita-lin", "role": "judge", "order": 30},
    ],
    "events": [
        {
            "date": "2025-09-24",
            "kind": "filing",
            "importance": "major",
            "title": "xAI sues OpenAI over trade secrets",
            "topics": ["trade-secrets-employee-poaching"],
            "sources": [CNA],
        },
        {
            "date": "2026-02-24",
            "kind": "ruling",
            "importance": "major",
            "title": "Dismissed with leave to amend",
            "sources": [],
        },
        {
            "date": "2026-06-15",
            "kind": "ruling",
            "importance": "major",
            "title": "Dismissed with prejudice",
            "topics": ["trade-secrets-employee-poaching"],
            "sources": [LAW360],
        },
    ],
    "testimony": [
        {
            # Neither a day nor a source URL is known: the year both dismissals fall in, draft.
            "date": "2026",
            "witness": "rita-lin",
            "setting": "ruling",
            "excerpt": "equates asking a candidate about their prior work experience with "
            "encouraging the candidate to divulge trade secrets",
            "context": "Said of xAI, dismissing its trade-secret claims against OpenAI.",
            "topics": ["trade-secrets-employee-poaching"],
            "sources": [],
        },
    ],
}

X_CORP_V_APPLE = {
    "slug": "x-corp-v-apple",
    "short_title": "X Corp. and xAI v. Apple and OpenAI",
    "caption": "X Corp. and xAI v. Apple Inc. and OpenAI",
    "court": "nd-tex",
    # As the research gives it; the full docket form is unconfirmed.
    "docket_number": "25-cv-00914",
    "filed_on": "2025-08-25",
    "status": "pending",
    "topics": ["antitrust-platform-integration"],
    "summary": (
        "Antitrust suit by X Corp. and xAI against Apple and OpenAI, filed on 25 August 2025 in "
        "the Northern District of Texas (Fort Worth) before Judge Mark Pittman. A request to "
        "transfer the case was denied in October 2025, and the motions to dismiss were denied in "
        "November 2025."
    ),
    "roles": [
        {"party": "x-corp", "role": "plaintiff", "order": 1},
        {"party": "xai", "role": "plaintiff", "order": 2},
        {"party": "apple", "role": "defendant", "order": 10},
        {"party": "openai", "role": "defendant", "order": 11},
        {"party": "mark-pittman", "role": "judge", "order": 30},
    ],
    "events": [
        {
            "date": "2025-10",
            "kind": "ruling",
            "importance": "minor",
            "title": "Transfer request denied",
            "sources": [],
        },
        {
            "date": "2025-11-13",
            "kind": "ruling",
            "importance": "major",
            "title": "Motions to dismiss denied",
            "description": "Sources disagree on the day: one says 14 November 2025.",
            "topics": ["antitrust-platform-integration"],
            "sources": [BUSINESS_STANDARD],
            "uncertain": "one source dates the ruling 14 November 2025",
        },
    ],
    "testimony": [],
}

# Loading order matters only for consolidated_into: the MDL comes before its members.
CASES = [
    MUSK_V_OPENAI,
    IN_RE_OPENAI_COPYRIGHT,
    NYT_V_MICROSOFT,
    AUTHORS_GUILD_V_OPENAI,
    BARTZ_V_ANTHROPIC,
    KADREY_V_META,
    THOMSON_REUTERS_V_ROSS,
    ANDERSEN_V_STABILITY,
    CONCORD_V_ANTHROPIC,
    XAI_V_OPENAI,
    X_CORP_V_APPLE,
]
