"""The default wording of contribution reminders, in English, French and Spanish
(Chinese, Russian and Arabic: reminder_wording_un).

Diplomatic practice: the ISU writes notes verbales (third person, "presents its
compliments ... avails itself of this opportunity to renew the assurances of its
highest consideration") before and around the due date; a long-overdue contribution
is the subject of a letter from the President of the Meeting of the parties.

Placeholders, filled in by budgets.contributions.reminders.fill_in in the invoice's
language: {recipient} {state} {convention} {number} {year} {amount} {outstanding}
{due_date} {issue_date}, and {of_parties}: the convention's parties after "of", in
its words and that language ("of the High Contracting Parties", "des États
parties"; ism.models.vocabulary). Staff may edit every level (admin) without
touching code.
"""

_NV_CLOSE_EN = (
    "The Implementation Support Unit of the {convention} avails itself of this "
    "opportunity to renew to the {recipient} the assurances of its highest "
    "consideration."
)
_NV_CLOSE_FR = (
    "L'Unité d'appui à l'application de la {convention} saisit cette occasion pour "
    "renouveler à la {recipient} les assurances de sa très haute considération."
)
_NV_CLOSE_ES = (
    "La Dependencia de Apoyo a la Aplicación de la {convention} aprovecha la "
    "oportunidad para reiterar a la {recipient} las seguridades de su más alta "
    "consideración."
)

_NV_OPEN_EN = (
    "The Implementation Support Unit of the {convention} presents its compliments "
    "to the {recipient} and has the honour to"
)
_NV_OPEN_FR = (
    "L'Unité d'appui à l'application de la {convention} présente ses compliments à "
    "la {recipient} et a l'honneur de"
)
_NV_OPEN_ES = (
    "La Dependencia de Apoyo a la Aplicación de la {convention} saluda "
    "atentamente a la {recipient} y tiene el honor de"
)


def _note(open_, middle, close):
    return f"{open_} {middle}\n\n{close}"


DEFAULT_LEVELS = [
    {
        "level": 1,
        "offset_days": -30,
        "name": "Note verbale (advance reminder)",
        "subject_en": "{convention}: contribution {year} due on {due_date} ({number})",
        "body_en": _note(
            _NV_OPEN_EN,
            "recall that invoice {number} of {issue_date}, for the contribution of "
            "{state} for {year}, amounting to {amount}, is due on {due_date}. The "
            "amount outstanding is {outstanding}. If payment has already been made, "
            "please disregard this note.",
            _NV_CLOSE_EN,
        ),
        "subject_fr": "{convention} : contribution {year} due le {due_date} ({number})",
        "body_fr": _note(
            _NV_OPEN_FR,
            "rappeler que la facture {number} du {issue_date}, relative à la "
            "contribution de l'État ({state}) pour {year}, d'un montant de "
            "{amount}, est payable le {due_date}. Le montant restant dû est de "
            "{outstanding}. Si le paiement a déjà été effectué, nous vous prions de "
            "ne pas tenir compte de la présente note.",
            _NV_CLOSE_FR,
        ),
        "subject_es": "{convention}: contribución {year} pagadera el {due_date} "
        "({number})",
        "body_es": _note(
            _NV_OPEN_ES,
            "recordar que la factura {number} del {issue_date}, correspondiente a "
            "la contribución de {state} para {year}, por un importe de {amount}, "
            "vence el {due_date}. El importe pendiente es de {outstanding}. Si el "
            "pago ya se ha efectuado, le rogamos no tenga en cuenta la presente "
            "nota.",
            _NV_CLOSE_ES,
        ),
    },
    {
        "level": 2,
        "offset_days": 0,
        "name": "Note verbale (due date)",
        "subject_en": "{convention}: contribution {year} due today ({number})",
        "body_en": _note(
            _NV_OPEN_EN,
            "recall that invoice {number} for the contribution of {state} for "
            "{year} falls due today, {due_date}. The amount outstanding is "
            "{outstanding}. The Unit would be grateful for payment at the Mission's "
            "earliest convenience.",
            _NV_CLOSE_EN,
        ),
        "subject_fr": "{convention} : contribution {year} échue ce jour ({number})",
        "body_fr": _note(
            _NV_OPEN_FR,
            "rappeler que la facture {number} relative à la contribution de l'État "
            "({state}) pour {year} arrive à échéance ce jour, le {due_date}. Le "
            "montant restant dû est de {outstanding}. L'Unité saurait gré à la "
            "Mission de bien vouloir procéder au paiement dans les meilleurs délais.",
            _NV_CLOSE_FR,
        ),
        "subject_es": "{convention}: contribución {year} vence hoy ({number})",
        "body_es": _note(
            _NV_OPEN_ES,
            "recordar que la factura {number} correspondiente a la contribución de "
            "{state} para {year} vence hoy, {due_date}. El importe pendiente es de "
            "{outstanding}. La Dependencia agradecería que el pago se efectuara a "
            "la mayor brevedad posible.",
            _NV_CLOSE_ES,
        ),
    },
    {
        "level": 3,
        "offset_days": 30,
        "name": "Note verbale (overdue)",
        "subject_en": "{convention}: contribution {year} overdue since {due_date} "
        "({number})",
        "body_en": _note(
            _NV_OPEN_EN,
            "draw its attention to invoice {number} for the contribution of {state} "
            "for {year}, which was due on {due_date} and of which {outstanding} "
            "remains unpaid. The Unit's work depends on the timely payment of "
            "contributions; it would be grateful for payment without further delay.",
            _NV_CLOSE_EN,
        ),
        "subject_fr": "{convention} : contribution {year} en retard depuis le "
        "{due_date} ({number})",
        "body_fr": _note(
            _NV_OPEN_FR,
            "appeler son attention sur la facture {number} relative à la "
            "contribution de l'État ({state}) pour {year}, échue le {due_date}, "
            "dont {outstanding} reste impayé. Les travaux de l'Unité dépendent du "
            "versement ponctuel des contributions ; elle saurait gré à la Mission "
            "de bien vouloir procéder au paiement sans autre délai.",
            _NV_CLOSE_FR,
        ),
        "subject_es": "{convention}: contribución {year} vencida desde el "
        "{due_date} ({number})",
        "body_es": _note(
            _NV_OPEN_ES,
            "señalar a su atención la factura {number} correspondiente a la "
            "contribución de {state} para {year}, vencida el {due_date}, de la que "
            "quedan pendientes {outstanding}. La labor de la Dependencia depende "
            "del pago puntual de las contribuciones; agradecería que el pago se "
            "efectuara sin más demora.",
            _NV_CLOSE_ES,
        ),
    },
    {
        "level": 4,
        "offset_days": 90,
        "name": "Letter from the President",
        "subject_en": "{convention}: letter from the President on the contribution "
        "{year} of {state} ({number})",
        "body_en": (
            "Excellency,\n\n"
            "I have the honour to write to you, in my capacity as President of the "
            "Meeting {of_parties} to the {convention}, about the "
            "contribution of {state} for {year} (invoice {number}, due on "
            "{due_date}), of which {outstanding} remains outstanding.\n\n"
            "The Implementation Support Unit relies entirely on the contributions "
            "{of_parties}. I would be most grateful if your Government could "
            "arrange for payment at its earliest convenience, or let the Unit know "
            "when payment can be expected.\n\n"
            "Please accept, Excellency, the assurances of my highest consideration.\n\n"
            "President of the Meeting {of_parties}"
        ),
        "subject_fr": "{convention} : lettre du Président relative à la "
        "contribution {year} de l'État ({state}) ({number})",
        "body_fr": (
            "Excellence,\n\n"
            "J'ai l'honneur de m'adresser à vous en ma qualité de Président de la "
            "Réunion {of_parties} à la {convention} au sujet de la "
            "contribution de l'État ({state}) pour {year} (facture {number}, échue "
            "le {due_date}), dont {outstanding} reste à régler.\n\n"
            "L'Unité d'appui à l'application dépend entièrement des contributions "
            "{of_parties}. Je vous serais très reconnaissant de bien vouloir "
            "faire procéder au paiement dans les meilleurs délais, ou d'indiquer à "
            "l'Unité la date à laquelle il peut être attendu.\n\n"
            "Veuillez agréer, Excellence, les assurances de ma très haute "
            "considération.\n\n"
            "Le Président de la Réunion {of_parties}"
        ),
        "subject_es": "{convention}: carta del Presidente sobre la contribución "
        "{year} de {state} ({number})",
        "body_es": (
            "Excelencia:\n\n"
            "Tengo el honor de dirigirme a usted, en mi calidad de Presidente de la "
            "Reunión {of_parties} en la {convention}, en relación con la "
            "contribución de {state} para {year} (factura {number}, vencida el "
            "{due_date}), de la que quedan pendientes {outstanding}.\n\n"
            "La Dependencia de Apoyo a la Aplicación depende por completo de las "
            "contribuciones {of_parties}. Le quedaría muy agradecido si su "
            "Gobierno pudiera disponer el pago a la mayor brevedad posible, o "
            "indicar a la Dependencia cuándo puede esperarse.\n\n"
            "Aprovecho la oportunidad para reiterarle, Excelencia, las seguridades "
            "de mi más alta consideración.\n\n"
            "El Presidente de la Reunión {of_parties}"
        ),
    },
]


def _with_un_languages() -> None:
    """Chinese, Russian and Arabic (reminder_wording_un) beside the three above."""
    from budgets.contributions.reminder_wording_un import un_wording

    for spec in DEFAULT_LEVELS:
        spec.update(un_wording(spec["level"]))


_with_un_languages()
