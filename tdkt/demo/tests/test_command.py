"""`tdkt demo` (called by `make run`) is the demo app's command, on top of every other app."""

from django.core.management import get_commands, load_command_class


def test_tdkt_demo_is_the_demo_apps_command():
    assert get_commands()["demo"] == "tdkt.demo"
    command = load_command_class("tdkt.demo", "demo")
    assert "Quân khu 5" in command.help
