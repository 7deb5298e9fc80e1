"""The DCAT-AP-SE catalogue at /api/v1/dcat.rdf: parsed with rdflib, the profile's mandatory
properties on the catalogue, each dataset, distribution, the publisher and the contact point;
drafts are not in it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from parkbank.consultations.models import ConsultationStatus
from tests.helpers import build_app

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")


@pytest.fixture
def app(schema):
    from tests.conftest import _empty_tables

    app = build_app(schema, ORGANISATION="Karlshamns kommun", ORGANISATION_CONTACT="samrad@karlshamn.se",
                    PUBLIC_URL="https://samrad.karlshamn.se")
    yield app
    with app.app_context():
        _empty_tables()


def catalogue(client) -> Graph:
    response = client.get("/api/v1/dcat.rdf")
    assert response.status_code == 200 and response.mimetype == "application/rdf+xml"
    return Graph().parse(data=response.data, format="xml")


def one(graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


@pytest.fixture
def consultations(make_consultation, make_post):
    opened = make_consultation(slug="nytt-bibliotek", department="Kultur- och fritidsförvaltningen",
                               description="Vi bygger om.", opens_at=datetime(2026, 11, 1, tzinfo=UTC),
                               closes_at=datetime(2027, 1, 31, tzinfo=UTC))
    make_post(opened, "Ett läsrum med åäö", state="approved")
    make_consultation(slug="parken", title="Parken", status=ConsultationStatus.PAUSED)
    make_consultation(slug="skolvagen", title="Skolvägen", status=ConsultationStatus.CLOSED)
    make_consultation(slug="utkast", title="Utkast", status=ConsultationStatus.DRAFT)


def test_the_catalogue_has_its_mandatory_and_recommended_properties(client, consultations):
    graph = catalogue(client)
    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    titles = {t.language: str(t) for t in graph.objects(catalog, DCTERMS.title)}
    assert titles == {"sv": "Samråd – Karlshamns kommun", "en": "Consultations – Karlshamns kommun"}
    assert {d.language for d in graph.objects(catalog, DCTERMS.description)} == {"sv", "en"}
    publisher = one(graph, catalog, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert one(graph, publisher, FOAF.name) == Literal("Karlshamns kommun")
    assert one(graph, publisher, DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/LocalAuthority")
    assert one(graph, catalog, DCTERMS.license) == CC0
    assert one(graph, catalog, FOAF.homepage) == URIRef("https://samrad.karlshamn.se/")
    languages = set(graph.objects(catalog, DCTERMS.language))
    assert URIRef("http://publications.europa.eu/resource/authority/language/SWE") in languages
    assert one(graph, catalog, DCTERMS.issued) and one(graph, catalog, DCTERMS.modified)
    assert len(list(graph.objects(catalog, DCAT.dataset))) == 3


def test_each_public_consultation_is_a_dataset_and_drafts_are_not(client, consultations):
    graph = catalogue(client)
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    assert datasets == set(graph.objects(catalog, DCAT.dataset))
    titles = {str(one(graph, d, DCTERMS.title)) for d in datasets}
    assert titles == {"Nytt bibliotek", "Parken", "Skolvägen"}
    assert "utkast" not in client.get("/api/v1/dcat.rdf").get_data(as_text=True).lower()
    publisher = one(graph, catalog, DCTERMS.publisher)
    for dataset in datasets:
        assert one(graph, dataset, DCTERMS.description)
        assert one(graph, dataset, DCTERMS.publisher) == publisher
        assert str(one(graph, dataset, DCTERMS.identifier)) == str(dataset)
        assert one(graph, dataset, DCTERMS.issued) and one(graph, dataset, DCTERMS.modified)
        assert one(graph, dataset, DCAT.theme) == URIRef(
            "http://publications.europa.eu/resource/authority/data-theme/GOVE")
        assert {str(k) for k in graph.objects(dataset, DCAT.keyword)} >= {"medborgardialog", "samråd"}
        contact = one(graph, dataset, DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Organization) in graph
        assert one(graph, contact, VCARD.fn) == Literal("Karlshamns kommun")
        assert one(graph, contact, VCARD.hasEmail) == URIRef("mailto:samrad@karlshamn.se")
        assert len(list(graph.objects(dataset, DCAT.distribution))) == 3
    [library] = [d for d in datasets if str(one(graph, d, DCTERMS.title)) == "Nytt bibliotek"]
    assert one(graph, library, DCAT.landingPage) == URIRef("https://samrad.karlshamn.se/samrad/nytt-bibliotek")
    assert str(one(graph, library, DCTERMS.description)) == "Vad vill du ha?\n\nVi bygger om."
    assert "Kultur- och fritidsförvaltningen" in {str(k) for k in graph.objects(library, DCAT.keyword)}
    period = one(graph, library, DCTERMS.temporal)
    assert str(one(graph, period, DCAT.startDate)).startswith("2026-11-01")
    assert one(graph, library, DCTERMS.modified).toPython() > one(graph, library, DCTERMS.issued).toPython()


def test_each_distribution_has_its_address_format_and_licence(client, consultations):
    graph = catalogue(client)
    [library] = [d for d in graph.subjects(RDF.type, DCAT.Dataset)
                 if str(one(graph, d, DCTERMS.title)) == "Nytt bibliotek"]
    base = "https://samrad.karlshamn.se/api/v1/consultations/nytt-bibliotek/"
    found = {}
    for distribution in graph.objects(library, DCAT.distribution):
        assert (distribution, RDF.type, DCAT.Distribution) in graph
        access = str(one(graph, distribution, DCAT.accessURL))
        downloads = [str(u) for u in graph.objects(distribution, DCAT.downloadURL)]
        assert downloads in ([], [access])
        media = str(one(graph, distribution, DCTERMS.format))
        assert one(graph, distribution, DCAT.mediaType) == URIRef(
            "http://www.iana.org/assignments/media-types/" + media)
        assert one(graph, distribution, DCTERMS.license) == CC0
        assert one(graph, distribution, DCTERMS.title) and one(graph, distribution, DCTERMS.description)
        found[access] = (media, bool(downloads))
    assert found == {base + "posts": ("application/json", False),
                     base + "posts.csv": ("text/csv", True),
                     base + "posts.json": ("application/json", True)}
    for address in found:  # every address works
        assert client.get(address.removeprefix("https://samrad.karlshamn.se")).status_code == 200


def test_without_a_contact_address_there_is_no_contact_point(client, app, consultations):
    app.extensions["parkbank.organisation"] = app.extensions["parkbank.organisation"].__class__(
        **{**app.extensions["parkbank.organisation"].__dict__, "contact": None})
    graph = catalogue(client)
    assert list(graph.subjects(RDF.type, VCARD.Organization)) == []
    assert "mailto:" not in client.get("/api/v1/dcat.rdf").get_data(as_text=True)


def test_the_catalogue_is_cached_by_etag(client, consultations):
    first = client.get("/api/v1/dcat.rdf")
    again = client.get("/api/v1/dcat.rdf", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_an_empty_catalogue_is_still_a_catalogue(client):
    graph = catalogue(client)
    assert len(list(graph.subjects(RDF.type, DCAT.Catalog))) == 1
    assert list(graph.subjects(RDF.type, DCAT.Dataset)) == []
