def test_swedish_is_the_default(client, consultation):
    page = client.get(f"/samrad/{consultation.slug}").get_data(as_text=True)
    assert '<html lang="sv" ' in page
    assert "Skriv din idé" in page


def test_language_switch_to_english_and_back(client, consultation):
    board = f"/samrad/{consultation.slug}"
    response = client.get(f"/sprak/en?next={board}")
    assert response.status_code == 302 and response.headers["Location"] == board
    page = client.get(board).get_data(as_text=True)
    assert '<html lang="en" ' in page and "Write your idea" in page
    client.get("/sprak/sv")
    assert "Skriv din idé" in client.get(board).get_data(as_text=True)


def test_language_switch_ignores_foreign_redirects(client):
    response = client.get("/sprak/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"
