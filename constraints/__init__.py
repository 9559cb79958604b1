"""Rule families of the year model, one module each.

Every module exposes ``apply(ctx) -> list[Penalty]``: it adds its hard rules to
``ctx.model`` through ``ctx.add(constraint, Label(...))`` and returns its soft goals.
:mod:`scheduler.model` calls them in one explicit order.
"""
