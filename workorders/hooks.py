"""Where the modules above work orders (the maintenance plan) join a work order's completion,
its cancellation and its printed job card, without the work orders module importing them.

A module appends an object with any of these methods to `extensions` (from its `ui.py`):

- `resolve(*, user, data, target)`: find what it needs (e.g. the job of a planned work order)
  and put it in `target.objects`;
- `lock(*, target)`: re-read it with `select_for_update`, after the work order and parts;
- `prefill(*, target) -> dict`: what the completion form should tell the person;
- `blockers(*, target) -> list[dict]`: what stops the completion now ({code, message}), shown before the form;
- `plan(*, user, data, target, plan)`: add its changes to the preview, or refuse (ActionError);
- `apply(*, user, data, target, result)`: write them, after the work order is completed;
- `cancelled(*, user, target)`: the work order was cancelled;
- `card(*, work_order) -> dict`: what the job card (`workorders.card`) prints besides the work
  order and its parts list, any of: `job` {code, title}; `steps`, a list of {position, title,
  kind ("check", "measurement" or "text"), limits ("2.5–4.5 bar", or ""), unit, mandatory,
  result (the current result as shown, or "")}; `manual_reference` ("Main engine manual,
  §4.2 Valve clearances (p. 37)"). A fixed number of queries, whatever the number of steps.
"""

extensions: list = []


def register(extension) -> None:
    extensions.append(extension)


def call(hook: str, **kwargs) -> list:
    """Call `hook` on every extension that has it; their answers in order."""
    return [getattr(ext, hook)(**kwargs) for ext in extensions if hasattr(ext, hook)]
