"""What the floors above add to a page of a floor below, through named Wagtail hooks.

A page of a lower floor cannot import the apps above it (decision 0017), yet some of
what it shows is theirs: the adapted module page offers pilot feedback, the producer
group page the next modules of a training plan. The page asks
`context_from_hooks(<hook name>, …)`; an app above registers, in its wagtail_hooks.py,
a function under that name that returns what it adds to the template context.
"""

from wagtail import hooks


def context_from_hooks(hook_name: str, **kwargs) -> dict:
    """The template context every function registered under `hook_name` adds."""
    context = {}
    for contribute in hooks.get_hooks(hook_name):
        context.update(contribute(**kwargs))
    return context
