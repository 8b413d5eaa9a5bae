"""Click the right part of one of the app's own pictures (quiz.diagrams): the docking module between
the two craft, Baikonur on the map. Each choice names a part (`Choice.region`); one is right.
Without JavaScript, and for keyboards and screen readers, the parts are offered as labelled
choices below the picture; a click on the picture ticks the same choice."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..diagrams import DIAGRAMS
from .single import Single


class DiagramKind(Single):
    name = "diagram"
    label = _("Click the diagram")
    description = _("The student clicks the right part of a picture (or picks it from the list of its parts).")
    hint = _("Click the right part of the picture, or choose it from the list.")

    def add_fields(self, form) -> None:
        super().add_fields(form)
        form.diagram = DIAGRAMS.get(form.question.diagram)

    def review(self, question, choices, answer: dict) -> dict:
        review = super().review(question, choices, answer)
        review["diagram"] = DIAGRAMS.get(question.diagram)
        review["marks"] = {
            row["choice"].region: "is-right" if row["correct"] else "is-wrong"
            for row in review["rows"]
            if row["correct"] or row["chosen"]
        }
        return review

    def check(self, question, choices) -> list[str]:
        diagram = DIAGRAMS.get(question.diagram)
        if diagram is None:
            return [gettext("Choose the picture this question is asked on.")]
        regions = [c.region for c in choices]
        if any(region not in diagram.regions for region in regions):
            return [
                gettext("Each choice names a part of the picture: %(parts)s.") % {"parts": ", ".join(diagram.regions)}
            ]
        if len(set(regions)) != len(regions):
            return [gettext("Each part of the picture can be a choice only once.")]
        return super().check(question, choices)

    def export_cell(self, choice, language: str) -> str:
        return f"{choice.region} | {getattr(choice, f'text_{language}') or ''}"

    def import_cell(self, choice, language: str, value: str) -> list[str]:
        region, bar, text = value.partition("|")
        if value and not bar:
            return [
                gettext("a part of a picture is written “part | its label”, e.g. “docking-module | Docking module”.")
            ]
        choice.region = region.strip()
        setattr(choice, f"text_{language}", text.strip())
        return []
