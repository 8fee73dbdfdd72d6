def test_healthz_reports_the_database_it_checked(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "postgresql"}
