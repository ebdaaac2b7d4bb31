"""Where the modules above work orders (the maintenance plan) join a work order's completion
and cancellation, without the work order actions importing them.

A module appends an object with any of these methods to `extensions` (from its `ui.py`):

- `resolve(*, user, data, target)`: find what it needs (e.g. the job of a planned work order)
  and put it in `target.objects`;
- `lock(*, target)`: re-read it with `select_for_update`, after the work order and parts;
- `prefill(*, target) -> dict`: what the completion form should tell the person;
- `plan(*, user, data, target, plan)`: add its changes to the preview, or refuse (ActionError);
- `apply(*, user, data, target, result)`: write them, after the work order is completed;
- `cancelled(*, user, target)`: the work order was cancelled.
"""

extensions: list = []


def register(extension) -> None:
    extensions.append(extension)


def call(hook: str, **kwargs) -> list:
    """Call `hook` on every extension that has it; their answers in order."""
    return [getattr(ext, hook)(**kwargs) for ext in extensions if hasattr(ext, hook)]
