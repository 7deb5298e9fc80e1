"""The open data's catalogue in DCAT-AP-SE (the Swedish profile of DCAT-AP, 3.0.1,
docs.dataportal.se/dcat), for Sveriges dataportal and other harvesters: one dcat:Catalog of the
organisation's public consultations (open, paused or closed; never a draft), each a dcat:Dataset
with three distributions — the JSON API, the CSV and the JSON download.

Covered: every property the profile makes mandatory (Catalog: title, description, publisher,
licence, dataset; Dataset: title, description, publisher; Distribution: access URL, format;
Agent: name, type; contact point: kind, formatted name, e-mail) and the recommended ones we
know (release and modification dates, language, homepage, theme, keyword, time period, access
rights, distribution licence, description and media type).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF
from sqlalchemy import func, select

from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.export.opendata import licence
from parkbank.extensions import db
from parkbank.http import external_url
from parkbank.identity import current as current_organisation
from parkbank.posts.models import Post
from parkbank.posts.visibility import public_clause, with_parent

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
THEMES = URIRef(EU + "data-theme")
GOVERNMENT = URIRef(EU + "data-theme/GOVE")  # "Government and public sector"
PUBLIC = URIRef(EU + "access-right/PUBLIC")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
# ISO 639-1 (PARKBANK_CONTENT_LANGUAGE, the interface's languages) → the EU language authority.
LANGUAGES = {"sv": "SWE", "en": "ENG", "fi": "FIN", "nb": "NOB", "nn": "NNO", "da": "DAN",
             "de": "DEU", "fr": "FRA", "se": "SME"}
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class Distribution:
    key: str
    endpoint: str
    media_type: str
    is_download: bool


DISTRIBUTIONS = (
    Distribution("api", "api.consultation_posts", "application/json", False),
    Distribution("csv", "api.posts_download", "text/csv", True),
    Distribution("json", "api.posts_download", "application/json", True),
)


def _licence() -> URIRef:
    """Creative Commons licences as the profile lists them (http://creativecommons.org/…)."""
    value = licence()
    prefix = "https://creativecommons.org/"
    return URIRef("http://creativecommons.org/" + value[len(prefix):] if value.startswith(prefix) else value)


def _date(value: datetime) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.dateTime)


Dataset = tuple[Consultation, "datetime | None"]


def public_datasets() -> list[Dataset]:
    """Open, paused and closed consultations, each with the time its last public post was
    published (its dct:modified)."""
    last_published = (with_parent(select(Post.consultation_id, func.max(Post.published_at)))
                      .where(public_clause()).group_by(Post.consultation_id).subquery())
    rows = db.session.execute(
        select(Consultation, last_published.c[1])
        .outerjoin(last_published, last_published.c.consultation_id == Consultation.id)
        .where(Consultation.status != ConsultationStatus.DRAFT)
        .order_by(Consultation.created_at, Consultation.id)).all()
    return [(consultation, last) for consultation, last in rows]


def catalogue_version(datasets: list[Dataset]) -> str:
    """Everything the catalogue is made of, so an ETag can be checked before it is built (rdflib
    writes the same graph in another order in another process)."""
    organisation = current_organisation()
    return repr((external_url("api.dcat_catalogue"), organisation.name, organisation.contact,
                 licence(), current_app.config["CONTENT_LANGUAGE"],
                 [(c.slug, c.title, c.question, c.description, c.department, c.created_at, c.opens_at,
                   c.closes_at, last) for c, last in datasets]))


class _Catalogue:
    def __init__(self):
        self.graph = Graph()
        for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
            self.graph.bind(prefix, namespace)
        self.base = external_url("api.dcat_catalogue")
        self.licence = _licence()
        self.organisation = current_organisation()
        self.content_language = current_app.config["CONTENT_LANGUAGE"]

    def add(self, subject, predicate, value) -> None:
        self.graph.add((subject, predicate, value))

    def text(self, subject, predicate, value: str, language: str) -> None:
        self.add(subject, predicate, Literal(value, lang=language))

    def publisher(self) -> URIRef:
        agent = URIRef(self.base + "#publisher")
        self.add(agent, RDF.type, FOAF.Agent)
        self.add(agent, FOAF.name, Literal(self.organisation.name))
        self.add(agent, DCTERMS.type, LOCAL_AUTHORITY)
        return agent

    def contact_point(self) -> URIRef | None:
        """Only with PARKBANK_CONTACT: the profile asks a contact point for an e-mail address."""
        if not self.organisation.contact:
            return None
        contact = URIRef(self.base + "#contact")
        self.add(contact, RDF.type, VCARD.Organization)
        self.add(contact, VCARD.fn, Literal(self.organisation.name))
        self.add(contact, VCARD.hasEmail, URIRef("mailto:" + self.organisation.contact))
        return contact

    def catalog(self, datasets: list[URIRef], issued: datetime | None, modified: datetime | None,
                publisher: URIRef) -> None:
        catalog = URIRef(self.base + "#catalog")
        self.add(catalog, RDF.type, DCAT.Catalog)
        name = self.organisation.name
        for language in current_app.config["LANGUAGES"]:
            with force_locale(language):
                self.text(catalog, DCTERMS.title, _("Consultations – %(organisation)s",
                                                    organisation=name), language)
                self.text(catalog, DCTERMS.description, _(
                    "Open data from the consultations of %(organisation)s: the published ideas and "
                    "replies of each consultation, with its figures of participation and moderation.",
                    organisation=name), language)
            if language in LANGUAGES:
                self.add(catalog, DCTERMS.language, URIRef(EU + "language/" + LANGUAGES[language]))
        self.add(catalog, DCTERMS.publisher, publisher)
        self.add(catalog, DCTERMS.license, self.licence)
        self.add(catalog, FOAF.homepage, URIRef(external_url("public.index")))
        self.add(catalog, DCAT.themeTaxonomy, THEMES)
        if issued is not None:
            self.add(catalog, DCTERMS.issued, _date(issued))
        if modified is not None:
            self.add(catalog, DCTERMS.modified, _date(modified))
        for dataset in datasets:
            self.add(catalog, DCAT.dataset, dataset)

    def dataset(self, consultation: Consultation, last_published: datetime | None,
                publisher: URIRef, contact: URIRef | None) -> tuple[URIRef, datetime, datetime]:
        dataset = URIRef(f"{self.base}#dataset/{consultation.slug}")
        issued = consultation.opens_at or consultation.created_at
        modified = max(issued, last_published) if last_published else issued
        language = self.content_language
        self.add(dataset, RDF.type, DCAT.Dataset)
        self.text(dataset, DCTERMS.title, consultation.title, language)
        self.text(dataset, DCTERMS.description, "\n\n".join(
            text for text in (consultation.question, consultation.description) if text), language)
        self.add(dataset, DCTERMS.identifier, Literal(str(dataset)))
        self.add(dataset, DCTERMS.publisher, publisher)
        if contact is not None:
            self.add(dataset, DCAT.contactPoint, contact)
        self.add(dataset, DCTERMS.issued, _date(issued))
        self.add(dataset, DCTERMS.modified, _date(modified))
        self.add(dataset, DCAT.theme, GOVERNMENT)
        self.add(dataset, DCTERMS.accessRights, PUBLIC)
        self.add(dataset, DCAT.landingPage, URIRef(external_url("public.board", slug=consultation.slug)))
        if language in LANGUAGES:
            self.add(dataset, DCTERMS.language, URIRef(EU + "language/" + LANGUAGES[language]))
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            keywords = [_("citizen dialogue"), _("consultation")]
        for keyword in keywords:
            self.text(dataset, DCAT.keyword, keyword, current_app.config["BABEL_DEFAULT_LOCALE"])
        if consultation.department:
            self.text(dataset, DCAT.keyword, consultation.department, language)
        if consultation.opens_at or consultation.closes_at:
            self.period(dataset, consultation)
        for distribution in DISTRIBUTIONS:
            self.add(dataset, DCAT.distribution, self.distribution(consultation, distribution))
        return dataset, issued, modified

    def period(self, dataset: URIRef, consultation: Consultation) -> None:
        period = URIRef(f"{self.base}#period/{consultation.slug}")
        self.add(period, RDF.type, DCTERMS.PeriodOfTime)
        if consultation.opens_at:
            self.add(period, DCAT.startDate, _date(consultation.opens_at))
        if consultation.closes_at:
            self.add(period, DCAT.endDate, _date(consultation.closes_at))
        self.add(dataset, DCTERMS.temporal, period)

    def distribution(self, consultation: Consultation, kind: Distribution) -> URIRef:
        values = {"slug": consultation.slug, **({"fmt": kind.key} if kind.is_download else {})}
        address = URIRef(external_url(kind.endpoint, **values))
        distribution = URIRef(f"{self.base}#distribution/{consultation.slug}/{kind.key}")
        self.add(distribution, RDF.type, DCAT.Distribution)
        self.add(distribution, DCAT.accessURL, address)
        if kind.is_download:
            self.add(distribution, DCAT.downloadURL, address)
        self.add(distribution, DCTERMS.format, Literal(kind.media_type))
        self.add(distribution, DCAT.mediaType, URIRef(MEDIA_TYPES + kind.media_type))
        self.add(distribution, DCTERMS.license, self.licence)
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            title, description = {
                "api": (_("Open data API (JSON)"), _(
                    "The published ideas and replies, page by page, as JSON.")),
                "csv": (_("The ideas as CSV"), _(
                    "Every published idea and reply, one row each, UTF-8 with a byte-order mark.")),
                "json": (_("The ideas as JSON"), _(
                    "The consultation's facts, figures and every published idea and reply, as JSON.")),
            }[kind.key]
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
        self.text(distribution, DCTERMS.title, title, language)
        self.text(distribution, DCTERMS.description, description, language)
        return distribution


def catalogue(datasets: list[Dataset]) -> bytes:
    """The catalogue of these consultations (public_datasets()) as RDF/XML."""
    builder = _Catalogue()
    publisher = builder.publisher()
    contact = builder.contact_point()
    nodes, issued, modified = [], [], []
    for consultation, last_published in datasets:
        node, first, last = builder.dataset(consultation, last_published, publisher, contact)
        nodes.append(node)
        issued.append(first)
        modified.append(last)
    builder.catalog(nodes, min(issued, default=None), max(modified, default=None), publisher)
    return builder.graph.serialize(format="pretty-xml", encoding="utf-8")
