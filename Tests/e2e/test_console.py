"""The console in a real browser: first sign-in, the forced password change, home, tokens, sign-out."""

import datetime
import json
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By

from conftest import OUTPUT, submit

NEW_PASSWORD = "Correct-Horse-Battery-9"


def sign_in(browser, server, password):
    browser.get(server.base + "/signin")
    browser.find_element(By.ID, "username").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(password)
    submit(browser, By.ID, "signin-submit")


def set_new_password(browser, server):
    """First sign-in with the one-time password, then the forced change to NEW_PASSWORD; ends on the home page."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    sign_in(browser, server, server.one_time_password())
    browser.find_element(By.ID, "current").send_keys(server.one_time_password())
    browser.find_element(By.ID, "new").send_keys(NEW_PASSWORD)
    browser.find_element(By.ID, "repeat").send_keys(NEW_PASSWORD)
    submit(browser, By.ID, "password-submit")
    WebDriverWait(browser, 30).until(expected_conditions.url_to_be(server.base + "/"))


def create_token(browser, server, name, scope):
    """Creates an API token on the tokens page and returns the secret it shows once."""
    browser.get(server.base + "/tokens")
    browser.find_element(By.ID, "name").send_keys(name)
    browser.find_element(By.CSS_SELECTOR, "input[value='%s']" % scope).click()
    submit(browser, By.CSS_SELECTOR, "#create-token button")
    return browser.find_element(By.ID, "new-token").text


def test_first_sign_in_forces_a_password_change_then_shows_health(server, browser):
    sign_in(browser, server, server.one_time_password())
    assert browser.current_url.endswith("/password")
    assert "issued for one use" in browser.page_source

    browser.find_element(By.ID, "current").send_keys(server.one_time_password())
    browser.find_element(By.ID, "new").send_keys(NEW_PASSWORD)
    browser.find_element(By.ID, "repeat").send_keys(NEW_PASSWORD)
    submit(browser, By.ID, "password-submit")

    assert browser.current_url == server.base + "/"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Instance health"
    assert browser.find_element(By.ID, "store-status").text == "reachable"
    browser.save_screenshot(str(OUTPUT / "console-home.png"))

    # The session cookie is HttpOnly and SameSite=Strict (Secure needs TLS, absent on this loopback run).
    cookie = browser.get_cookie("phiguard_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"

    # Sign out, then the old one-time password no longer works but the new one does.
    submit(browser, By.CSS_SELECTOR, "#signout button")
    assert browser.current_url.endswith("/signin")
    sign_in(browser, server, server.one_time_password())
    assert "not correct" in browser.page_source
    sign_in(browser, server, NEW_PASSWORD)
    assert browser.current_url == server.base + "/"


def test_tokens_page_shows_a_new_token_once_and_the_api_accepts_it(server, browser):
    set_new_password(browser, server)

    secret = create_token(browser, server, "EHR status probe", "status:read")
    assert secret.startswith("phg_")
    browser.save_screenshot(str(OUTPUT / "console-tokens.png"))

    request = urllib.request.Request(server.base + "/api/v1/status", headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert json.load(answer)["health"]["store_reachable"] is True

    browser.get(server.base + "/tokens")
    assert secret not in browser.page_source


def test_pages_carry_a_strict_content_security_policy_and_no_inline_script(server):
    with urllib.request.urlopen(server.base + "/signin", timeout=5) as answer:
        policy = answer.headers["Content-Security-Policy"]
        body = answer.read().decode()
    assert "default-src 'none'" in policy
    assert "script-src" not in policy and "unsafe-inline" not in policy
    assert "<script" not in body
    assert "style=" not in body


def test_repeated_failures_lock_the_account(server, browser):
    for _ in range(5):
        sign_in(browser, server, "wrong-password-123")
    assert "locked" in browser.page_source
    sign_in(browser, server, server.one_time_password())
    assert "locked" in browser.page_source


def test_forms_without_the_csrf_token_are_refused(server):
    request = urllib.request.Request(
        server.base + "/signin", data=b"username=admin&password=x", method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(request, timeout=5)
        raise AssertionError("a sign-in without a CSRF token was accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 403
        assert error.headers["Content-Type"] == "application/problem+json"


def test_ledger_page_verifies_searches_and_reports_accesses(server, browser):
    set_new_password(browser, server)

    secret = create_token(browser, server, "EHR audit feed", "audit:write")
    event = {"action": "view", "actor": {"user_id": "dr.strange", "role": "physician"}, "patient_id": "MRN-5150",
             "phi_category": "mental-health", "purpose_of_use": "TREAT"}
    request = urllib.request.Request(
        server.base + "/api/v1/audit/events", data=json.dumps({"events": [event, event]}).encode(), method="POST",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
    assert urllib.request.urlopen(request, timeout=5).status == 201

    browser.get(server.base + "/ledger")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Audit ledger"
    submit(browser, By.CSS_SELECTOR, "form[action='/ledger/checkpoint'] button")
    submit(browser, By.CSS_SELECTOR, "#verify button")
    assert browser.find_element(By.ID, "verification").text == "intact"
    assert browser.find_element(By.ID, "checkpoint").text.startswith("size ")

    browser.find_element(By.ID, "search-user").send_keys("dr.strange")
    submit(browser, By.CSS_SELECTOR, "#search button")
    results = browser.find_element(By.ID, "search-results").text
    assert "dr.strange" in results and "MRN-5150" in results

    browser.get(server.base + "/ledger?action=signin.success")
    assert "signin.success" in browser.find_element(By.ID, "search-results").text
    browser.get(server.base + "/ledger?action=token.create")
    assert "token.create" in browser.find_element(By.ID, "search-results").text

    browser.find_element(By.ID, "report-patient").send_keys("MRN-5150")
    submit(browser, By.CSS_SELECTOR, "#access-report button")
    report = browser.find_element(By.ID, "access-report-results").text
    assert "2 recorded accesses" in report and "mental-health" in report
    browser.save_screenshot(str(OUTPUT / "console-ledger.png"))


def test_breach_page_shows_the_workflow_calendar_overdue_notices_and_the_home_widget(server, browser):
    from selenium.webdriver.support import expected_conditions as arrived
    from selenium.webdriver.support.ui import Select, WebDriverWait

    def until(condition):
        # Waits for the page a click leads to; a slow host must not turn navigation into a failure.
        return WebDriverWait(browser, 30).until(condition)

    set_new_password(browser, server)

    secret = create_token(browser, server, "Privacy office automation", "breach:manage")

    # A case discovered long ago (every notice overdue) and one discovered today (notices due in the future).
    today = datetime.date.today().isoformat()
    content = {"entity_name": "North Clinic", "what_happened": "A schedule was emailed to the wrong patient.",
               "phi_types": ["names", "appointment times"], "individual_steps": "No action is needed.",
               "entity_actions": "We recalled the email.", "toll_free_number": "1-800-555-0100",
               "website": "https://north.example/notice"}
    ids = []
    for discovered in ("2024-03-04", today):
        case = {"discovered_on": discovered, "discovered_by": "covered_entity", "discoverer_name": "Front desk",
                "affected_by_state": {"CA": 2, "NV": 1}, "notice_content": content}
        request = urllib.request.Request(
            server.base + "/api/v1/breaches", data=json.dumps(case).encode(), method="POST",
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 201
            ids.append(json.load(answer)["id"])

    browser.get(server.base + "/")
    widget = browser.find_element(By.ID, "breach-widget").text
    assert "Next breach deadline" in widget and ids[1] in widget
    assert browser.find_element(By.ID, "overdue-count").text == "3 overdue"

    submit(browser, By.LINK_TEXT, "Breach response")
    until(arrived.presence_of_element_located((By.ID, "calendar")))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Breach response"
    overdue_rows = browser.find_elements(By.CSS_SELECTOR, "#calendar tr.overdue")
    assert len(overdue_rows) == 3 and all(ids[0] in row.text for row in overdue_rows)
    assert "overdue by" in overdue_rows[0].text
    upcoming = [row for row in browser.find_elements(By.CSS_SELECTOR, "#calendar tbody tr") if ids[1] in row.text]
    assert len(upcoming) == 3 and all("due in" in row.text for row in upcoming)
    browser.save_screenshot(str(OUTPUT / "console-breaches.png"))

    browser.get(server.base + f"/breaches/{ids[0]}")
    assert "not documented, so the breach is presumed" in browser.find_element(By.ID, "workflow").text
    assert browser.find_element(By.ID, "basis").text == "presumed_breach"
    assert "{{individual_name}}" in browser.find_element(By.ID, "letter").text
    # Signing against the documented facts is refused; signing what they support works.
    Select(browser.find_element(By.CSS_SELECTOR, "#sign select")).select_by_value("not_a_breach")
    browser.find_element(By.CSS_SELECTOR, "#sign input[name='signed_by']").send_keys("Dana Privacy")
    submit(browser, By.CSS_SELECTOR, "#sign button")
    until(arrived.text_to_be_present_in_element((By.TAG_NAME, "main"), "Not signed"))
    Select(browser.find_element(By.CSS_SELECTOR, "#sign select")).select_by_value("reportable_breach")
    browser.find_element(By.CSS_SELECTOR, "#sign input[name='signed_by']").send_keys("Dana Privacy")
    submit(browser, By.CSS_SELECTOR, "#sign button")
    until(arrived.text_to_be_present_in_element((By.ID, "workflow"), "signed by Dana Privacy"))

    row = browser.find_element(By.ID, "notice-individuals")
    assert "overdue" in row.get_attribute("class")
    Select(row.find_element(By.CSS_SELECTOR, "select")).select_by_value("first_class_mail")
    submit(browser, By.CSS_SELECTOR, "#notice-individuals button")
    until(arrived.text_to_be_present_in_element((By.ID, "notice-individuals"), "sent"))
    row = browser.find_element(By.ID, "notice-individuals")
    assert "overdue" not in (row.get_attribute("class") or "") and "sent" in row.text and "(late)" in row.text
    browser.save_screenshot(str(OUTPUT / "console-breach-case.png"))


POLICY_ENTITIES = [
    {"uid": {"type": "PHIGuard::User", "id": "dr.grey"},
     "attrs": {"department": "medicine", "facility": {"__entity": {"type": "PHIGuard::Facility", "id": "main"}},
               "employmentStatus": "active"},
     "parents": [{"type": "PHIGuard::Role", "id": "physician"}]},
    {"uid": {"type": "PHIGuard::Patient", "id": "p-1"},
     "attrs": {"restricted": [], "careTeam": [], "deceased": False,
               "facility": {"__entity": {"type": "PHIGuard::Facility", "id": "main"}}}},
]


def test_policies_page_checks_saves_diffs_activates_and_tests_requests(server, browser):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as arrived
    from selenium.webdriver.support.ui import Select, WebDriverWait

    def until(condition):
        # Waits for the page a click leads to; a slow host must not turn navigation into a failure.
        return WebDriverWait(browser, 30).until(condition)

    set_new_password(browser, server)

    # The directory needs a physician and a patient for the test form to allow anything.
    secret = create_token(browser, server, "Directory feed", "policy:manage")
    request = urllib.request.Request(
        server.base + "/api/v1/directory/entities", data=json.dumps(POLICY_ENTITIES).encode(), method="PUT",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200

    # The shipped pack is version 1, active since the first start.
    submit(browser, By.LINK_TEXT, "Access policies")
    until(arrived.presence_of_element_located((By.ID, "active-version")))
    active = browser.find_element(By.ID, "active-version").text
    assert "Version 1" in active and "phiguard" in active and " permit, " in active

    # A broken policy is caught by Check, which names its line and highlights it, and keeps the text.
    submit(browser, By.LINK_TEXT, "Write a new version")
    area = until(arrived.presence_of_element_located((By.ID, "policies-text")))
    assert "physician-treatment" in area.get_attribute("value")
    broken = "forbid (principal action, resource);"
    area.send_keys(Keys.CONTROL + Keys.END)
    area.send_keys(Keys.ENTER, broken)
    line = area.get_attribute("value").split("\n").index(broken) + 1
    submit(browser, By.ID, "check")
    until(arrived.presence_of_element_located((By.ID, "check-result")))
    assert f"policies line {line}, column" in browser.find_element(By.ID, "problems").text
    assert "problem" in browser.find_element(By.ID, f"policies-L{line}").get_attribute("class")
    browser.save_screenshot(str(OUTPUT / "console-policy-check.png"))

    # Replace the broken line with a valid one and save it as version 2.
    area = browser.find_element(By.ID, "policies-text")
    assert area.get_attribute("value").endswith(broken)
    fixed = ('@id("billing-paused") @reason("Billing is paused for the audit") '
             'forbid (principal in PHIGuard::Role::"billing", action, resource);')
    area.send_keys(Keys.CONTROL + Keys.END)
    area.send_keys(Keys.SHIFT + Keys.HOME)
    area.send_keys(fixed)
    assert area.get_attribute("value").endswith("\n" + fixed)
    browser.find_element(By.ID, "comment").send_keys("Pause billing during the audit")
    submit(browser, By.ID, "save")
    until(arrived.url_to_be(server.base + "/policies/2"))
    assert browser.find_element(By.ID, "version-state").text == "validates; not active"

    # The diff against version 1 shows the added line.
    assert Select(browser.find_element(By.CSS_SELECTOR, "#compare select")).first_selected_option.text == "Version 1"
    submit(browser, By.CSS_SELECTOR, "#compare button")
    until(arrived.presence_of_element_located((By.ID, "diff-policies")))
    added = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "#diff-policies tr.added")]
    assert len(added) == 1 and "billing-paused" in added[0]
    assert "Policies: 1 line added, 0 lines removed" in browser.page_source
    assert "Schema: no changes" in browser.page_source
    browser.save_screenshot(str(OUTPUT / "console-policy-diff.png"))

    browser.get(server.base + "/policies/2")
    submit(browser, By.CSS_SELECTOR, "#activate button")
    until(arrived.url_to_be(server.base + "/policies"))
    active = browser.find_element(By.ID, "active-version").text
    assert "Version 2" in active and "admin" in active and "Pause billing during the audit" in active

    # The test form: an allow with its reason, a deny with the policy that forbids, and a bad field.
    def decide(category, mfa="5"):
        for field, value in (("user", "dr.grey"), ("patient", "p-1"), ("category", category), ("mfa_age", mfa),
                             ("hour", "10")):
            box = browser.find_element(By.ID, f"try-{field}")
            box.clear()
            box.send_keys(value)
        submit(browser, By.ID, "try-submit")

    decide("general")
    assert until(arrived.presence_of_element_located((By.ID, "decision-outcome"))).text == "allow"
    why = browser.find_element(By.ID, "decision-policies").text
    assert "physician-treatment" in why and "Physicians view and document" in why
    browser.save_screenshot(str(OUTPUT / "console-policy-test.png"))

    decide("psychotherapy_notes")
    assert until(arrived.presence_of_element_located((By.ID, "decision-outcome"))).text == "deny"
    assert "psychotherapy-notes-author-or-treating-bh" in browser.find_element(By.ID, "decision-policies").text

    decide("general", mfa="soon")
    assert "whole number" in until(arrived.presence_of_element_located((By.ID, "error-mfa_age"))).text
    assert browser.find_elements(By.ID, "decision-outcome") == []
