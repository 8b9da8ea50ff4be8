"""Text drawn again only when it changes: the same words in new looks are a change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from glutetui.widgets.line import Line, put, same_text


def test_the_same_words_in_other_looks_are_not_the_same_text() -> None:
    one = Content.assemble((" 1 ", "bold reverse"), " easy")
    assert same_text(one, Content.assemble((" 1 ", "bold reverse"), " easy"))
    assert not same_text(one, Content.assemble((" 1 ", "bold"), " easy"))
    assert not same_text(one, Content.assemble((" 1 ", "bold reverse"), " easier"))
    assert not same_text("easy", Content("easy"))  # a string and Content draw differently
    assert same_text("easy", "easy")


class Lines(App[None]):
    def compose(self) -> ComposeResult:
        yield Line(id="line")
        yield Static("", id="static")


async def test_only_a_change_is_drawn_again() -> None:
    app = Lines()
    async with app.run_test() as pilot:
        line = app.query_one(Line)
        static = app.query_one("#static", Static)
        updates: list[object] = []
        for widget in (line, static):
            original = widget.update

            def counted(content: object = "", *, layout: bool = True, o=original) -> None:
                updates.append(content)
                o(content, layout=layout)

            widget.update = counted  # type: ignore[method-assign]

        line.text = Content.assemble(("3", "bold"), " solid")
        line.text = Content.assemble(("3", "bold"), " solid")
        put(static, Content("no rating yet"))
        put(static, Content("no rating yet"))
        assert len(updates) == 2
        line.text = Content.assemble(("3", "reverse"), " solid")  # the highlight moved
        put(static, Content.assemble(("no rating yet", "bold")))
        assert len(updates) == 4
        await pilot.pause()
        assert line.render_line(0).text.startswith("3 solid")
        assert any(segment.style and segment.style.reverse for segment in line.render_line(0))
