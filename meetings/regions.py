"""UN regional groups, keyed by ISO 3166 alpha-3, for the Sponsorship Programme's
regional balance.

The five groups are those of the UN General Assembly's elections. Türkiye sits in
the Western European and Others Group for elections; the United States attends
that group as an observer and is counted there; the State of Palestine is in the
Asia-Pacific Group; the Holy See belongs to none.

This is reference data about States and belongs in ism (a `region` on State) once
the core has it; it lives here until then so meetings does not change ism.models.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AFRICA = "africa"
ASIA_PACIFIC = "asia_pacific"
EASTERN_EUROPE = "eastern_europe"
LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean"
WEOG = "weog"
NONE = "none"

GROUP_NAMES = {
    AFRICA: _("African Group"),
    ASIA_PACIFIC: _("Asia-Pacific Group"),
    EASTERN_EUROPE: _("Eastern European Group"),
    LATIN_AMERICA_CARIBBEAN: _("Latin American and Caribbean Group"),
    WEOG: _("Western European and Others Group"),
    NONE: _("No regional group"),
}

_MEMBERS = {
    AFRICA: """DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ
        ERI SWZ ETH GAB GMB GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ
        NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN TZA TGO TUN UGA ZMB ZWE""",
    ASIA_PACIFIC: """AFG BHR BGD BTN BRN KHM CHN CYP PRK FJI IND IDN IRN IRQ JPN JOR
        KAZ KIR KWT KGZ LAO LBN MYS MDV MHL FSM MNG MMR NRU NPL OMN PAK PLW PNG PHL
        QAT KOR WSM SAU SGP SLB LKA SYR TJK THA TLS TON TKM TUV ARE UZB VUT VNM YEM
        PSE""",
    EASTERN_EUROPE: """ALB ARM AZE BLR BIH BGR HRV CZE EST GEO HUN LVA LTU MNE MKD
        POL MDA ROU RUS SRB SVK SVN UKR""",
    LATIN_AMERICA_CARIBBEAN: """ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM
        ECU SLV GRD GTM GUY HTI HND JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO URY
        VEN""",
    WEOG: """AND AUS AUT BEL CAN DNK FIN FRA DEU GRC ISL IRL ISR ITA LIE LUX MLT MCO
        NLD NZL NOR PRT SMR ESP SWE CHE TUR GBR USA""",
}

REGIONAL_GROUP: dict[str, str] = {
    iso3: group for group, members in _MEMBERS.items() for iso3 in members.split()
}


def regional_group(iso3: str) -> str:
    """The UN regional group of a State (NONE for the Holy See or an unknown code)."""
    return REGIONAL_GROUP.get(iso3.upper(), NONE)


def group_name(group: str) -> str:
    return str(GROUP_NAMES.get(group, GROUP_NAMES[NONE]))
