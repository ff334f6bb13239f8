from django.core.checks import Error, Tags, register


@register(Tags.compatibility, deploy=True)
def harfbuzz_subset_check(app_configs, **kwargs):
    """Without libharfbuzz-subset WeasyPrint silently subsets fonts in Python: PDFs
    take ~3x longer (Chinese ~20x). Production must not run that way."""
    from ism.documents import harfbuzz_subset_available

    if harfbuzz_subset_available():
        return []
    return [
        Error(
            "libharfbuzz-subset is not available to WeasyPrint.",
            hint="apt-get install libharfbuzz-subset0 wherever PDFs are rendered.",
            id="ism.E001",
        )
    ]
