"""Choosing in the unit and person pickers (tdkt/static/js/pickers.js) as a user does: type, then pick."""

from playwright.sync_api import expect


def pick(scope, label: str, typed: str, option: str):
    """Type `typed` into the combobox named `label` and click the option whose text starts with `option`."""
    box = scope.get_by_role("combobox", name=label)
    # until the script has run, the combobox is the plain <select> (a select's role is combobox too)
    expect(box).to_have_attribute("aria-autocomplete", "list")
    box.fill("")
    box.press_sequentially(typed)
    choice = scope.get_by_role("option", name=option).first
    expect(choice).to_be_visible()
    choice.click()
    return box
