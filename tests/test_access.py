"""The access rules: when sign-in is on, who the signed-in account is, who may read and who may edit."""

import pytest

from trafficking_atlas import access

pytestmark = pytest.mark.unit

AUTH = {
    "redirect_uri": "https://atlas.agency.example/oauth2callback",
    "cookie_secret": "a-long-random-secret",
    "client_id": "atlas",
    "client_secret": "s3cret",
    "server_metadata_url": "https://idp.agency.example/realms/atlas/.well-known/openid-configuration",
}
SHARED = {k: AUTH[k] for k in ("redirect_uri", "cookie_secret")}
ENTRA = {
    "client_id": "00000000-0000-0000-0000-000000000000",
    "client_secret": "s3cret",
    "server_metadata_url": "https://login.microsoftonline.com/TENANT/v2.0/.well-known/openid-configuration",
}
ANA = {"is_logged_in": True, "email": "Ana.Ruiz@agency.example", "name": "Ana Ruiz", "sub": "abc"}


def test_without_an_auth_section_sign_in_is_off_and_everyone_reads_and_edits_as_before():
    for secrets in ({}, {"other": {"x": 1}}):
        visitor = access.visitor(secrets, {"email": "test@example.com"})
        assert visitor == access.OPEN
        assert not visitor.sign_in and visitor.may_read and visitor.may_edit and visitor.identity is None


def test_an_auth_section_turns_sign_in_on_and_nobody_signed_in_sees_nothing():
    for user in ({}, {"is_logged_in": False}, {"email": "test@example.com"}):
        visitor = access.visitor({"auth": AUTH}, user)
        assert visitor.sign_in and not visitor.may_read and not visitor.may_edit
        assert visitor.identity is None and visitor.problem is None
        assert visitor.providers == (None,)


def test_a_signed_in_account_is_known_by_its_email_and_may_read_and_edit_without_lists():
    visitor = access.visitor({"auth": AUTH}, ANA)
    assert visitor.identity == "Ana.Ruiz@agency.example"
    assert visitor.label == "Ana Ruiz (Ana.Ruiz@agency.example)"
    assert visitor.may_read and visitor.may_edit


def test_the_identity_falls_back_to_preferred_username_then_subject_and_skips_an_unverified_email():
    entra = {"is_logged_in": True, "preferred_username": "ana@agency.example", "name": "Ana", "sub": "x1"}
    assert access.identity(entra) == "ana@agency.example"
    assert access.identity({"is_logged_in": True, "sub": "x1"}) == "x1"
    unverified = {"is_logged_in": True, "email": "boss@agency.example", "email_verified": False, "preferred_username": "eve"}
    assert access.identity(unverified) == "eve"
    assert access.identity({**ANA, "is_logged_in": "true"}) is None  # only Streamlit's own flag counts


def test_editors_may_edit_and_other_signed_in_accounts_only_read():
    secrets = {"auth": AUTH, "atlas": {"editors": ["ana.ruiz@agency.example", "@analysis.agency.example"]}}
    ana = access.visitor(secrets, ANA)  # letter case aside
    assert ana.may_read and ana.may_edit
    colleague = access.visitor(secrets, {"is_logged_in": True, "email": "li@analysis.agency.example"})
    assert colleague.may_edit
    reader = access.visitor(secrets, {"is_logged_in": True, "email": "bo@agency.example"})
    assert reader.may_read and not reader.may_edit
    lookalike = access.visitor(secrets, {"is_logged_in": True, "email": "li@evilanalysis.agency.example"})
    assert not lookalike.may_edit
    nobody = access.visitor({"auth": AUTH, "atlas": {"editors": []}}, ANA)
    assert nobody.may_read and not nobody.may_edit  # an empty list: a read-only instance


def test_a_readers_list_keeps_out_other_accounts_and_editors_are_readers():
    secrets = {"auth": AUTH, "atlas": {"readers": ["@agency.example"], "editors": ["ed@partner.example"]}}
    assert access.visitor(secrets, ANA).may_read
    outsider = access.visitor(secrets, {"is_logged_in": True, "email": "someone@gmail.example"})
    assert outsider.identity and not outsider.may_read and not outsider.may_edit
    editor = access.visitor(secrets, {"is_logged_in": True, "email": "ed@partner.example"})
    assert editor.may_read and editor.may_edit
    readers_only = {"auth": AUTH, "atlas": {"readers": ["@agency.example"]}}
    assert access.visitor(readers_only, ANA).may_edit  # without an editors list, every reader edits
    outsider = access.visitor(readers_only, {"is_logged_in": True, "email": "someone@gmail.example"})
    assert not outsider.may_read and not outsider.may_edit


def test_named_providers_each_get_a_button_and_client_kwargs_is_not_one():
    secrets = {"auth": {**SHARED, "client_kwargs": {"prompt": "login"}, "microsoft": ENTRA, "keycloak": dict(ENTRA)}}
    visitor = access.visitor(secrets, {})
    assert visitor.problem is None
    assert visitor.providers == ("microsoft", "keycloak")


@pytest.mark.parametrize(
    ("secrets", "setting", "named"),
    [
        ({}, "required", "no [auth] section"),
        ({"auth": AUTH}, "yes", "is not a setting"),
        ({"atlas": {"editors": ["ana@agency.example"]}}, "", "no [auth] section"),
        ({"auth": {**AUTH, "cookie_secret": ""}}, "", "lacks cookie_secret"),
        ({"auth": SHARED}, "", "names no identity provider"),
        ({"auth": {**SHARED, "microsoft": {"client_id": "x"}}}, "", "[auth.microsoft] lacks client_secret"),
        ({"auth": {**SHARED, "my_idp": ENTRA}}, "", "underscore"),
    ],
)
def test_a_setting_that_cannot_be_honoured_shuts_the_instance_and_says_why(secrets, setting, named):
    visitor = access.visitor(secrets, ANA, setting)
    assert visitor.sign_in and not visitor.may_read and not visitor.may_edit and visitor.identity is None
    assert named in visitor.problem


def test_sign_in_required_with_an_auth_section_works_as_the_section_alone():
    assert access.visitor({"auth": AUTH}, ANA, " Required ") == access.visitor({"auth": AUTH}, ANA)


def test_the_read_only_notice_names_the_action_and_the_way_to_get_it():
    assert access.read_only("add") == "You can read but not add: ask an administrator to add you to the editors."
