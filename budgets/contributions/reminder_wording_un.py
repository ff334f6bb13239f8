"""The default wording of contribution reminders in Chinese, Russian and Arabic,
merged into budgets.contributions.reminder_wording.DEFAULT_LEVELS (issue 18).

The same four levels and placeholders as the English, French and Spanish ones:
notes verbales in the third person, with the openings and closings of each
language's diplomatic correspondence, then a letter from the President.
"""

_NV_OPEN = {
    "zh_hans": "{convention}执行支助股向{recipient}致意，并谨",
    "ru": (
        "Группа имплементационной поддержки {convention} свидетельствует свое "
        "уважение {recipient} и имеет честь"
    ),
    "ar": "تهدي وحدة دعم التنفيذ لـ{convention} تحياتها إلى {recipient}، وتتشرف بأن",
}
_NV_CLOSE = {
    "zh_hans": "{convention}执行支助股借此机会向{recipient}重申最崇高的敬意。",
    "ru": (
        "Группа имплементационной поддержки {convention} пользуется случаем, чтобы "
        "возобновить {recipient} уверения в своем самом высоком уважении."
    ),
    "ar": (
        "وتغتنم وحدة دعم التنفيذ لـ{convention} هذه الفرصة لتعرب مجدداً لـ{recipient} "
        "عن فائق تقديرها."
    ),
}

# level → language → (subject, the note's middle or the whole letter)
_WORDING = {
    1: {
        "zh_hans": (
            "{convention}：{year}年度会费应于{due_date}缴付（{number}）",
            "提醒，{issue_date}开具的第{number}号发票（{state}{year}年度会费，金额"
            "{amount}）应于{due_date}缴付。未缴金额为{outstanding}。如已付款，请忽略"
            "本照会。",
        ),
        "ru": (
            "{convention}: взнос за {year} год подлежит оплате {due_date} ({number})",
            "напомнить, что счет {number} от {issue_date} на взнос государства "
            "({state}) за {year} год на сумму {amount} подлежит оплате {due_date}. "
            "Непогашенная сумма составляет {outstanding}. Если платеж уже произведен, "
            "просьба не принимать настоящую ноту во внимание.",
        ),
        "ar": (
            "{convention}: مساهمة عام {year} مستحقة في {due_date} ({number})",
            "تذكّر بأن الفاتورة {number} المؤرخة {issue_date}، المتعلقة بمساهمة "
            "{state} لعام {year} والبالغة {amount}، مستحقة السداد في {due_date}. "
            "ويبلغ المبلغ غير المسدد {outstanding}. وفي حال تم السداد بالفعل، يرجى "
            "عدم الالتفات إلى هذه المذكرة.",
        ),
    },
    2: {
        "zh_hans": (
            "{convention}：{year}年度会费今日到期（{number}）",
            "提醒，第{number}号发票（{state}{year}年度会费）于今日（{due_date}）"
            "到期。未缴金额为{outstanding}。如蒙代表团尽早付款，执行支助股将不胜感激。",
        ),
        "ru": (
            "{convention}: срок оплаты взноса за {year} год наступает сегодня "
            "({number})",
            "напомнить, что срок оплаты счета {number} на взнос государства "
            "({state}) за {year} год наступает сегодня, {due_date}. Непогашенная "
            "сумма составляет {outstanding}. Группа была бы признательна Миссии за "
            "оплату в кратчайшие сроки.",
        ),
        "ar": (
            "{convention}: مساهمة عام {year} مستحقة اليوم ({number})",
            "تذكّر بأن الفاتورة {number} المتعلقة بمساهمة {state} لعام {year} "
            "تستحق السداد اليوم، {due_date}. ويبلغ المبلغ غير المسدد {outstanding}. "
            "وستكون الوحدة ممتنة لو تفضلت البعثة بالسداد في أقرب وقت ممكن.",
        ),
    },
    3: {
        "zh_hans": (
            "{convention}：{year}年度会费自{due_date}起逾期（{number}）",
            "提请其注意第{number}号发票（{state}{year}年度会费）：该发票已于"
            "{due_date}到期，尚有{outstanding}未缴。执行支助股的工作有赖于会费的及时"
            "缴付；如蒙从速付款，将不胜感激。",
        ),
        "ru": (
            "{convention}: взнос за {year} год просрочен с {due_date} ({number})",
            "обратить его внимание на счет {number} на взнос государства ({state}) "
            "за {year} год, подлежавший оплате {due_date}, по которому остается "
            "неоплаченной сумма {outstanding}. Работа Группы зависит от "
            "своевременной уплаты взносов; Группа была бы признательна за оплату "
            "без дальнейших задержек.",
        ),
        "ar": (
            "{convention}: مساهمة عام {year} متأخرة منذ {due_date} ({number})",
            "توجه انتباهها إلى الفاتورة {number} المتعلقة بمساهمة {state} لعام "
            "{year}، التي كانت مستحقة السداد في {due_date} ولا يزال مبلغ "
            "{outstanding} منها غير مسدد. ويتوقف عمل الوحدة على سداد المساهمات في "
            "مواعيدها؛ وستكون ممتنة لو تم السداد دون مزيد من التأخير.",
        ),
    },
    4: {
        "zh_hans": (
            "{convention}：主席关于{state}{year}年度会费的信函（{number}）",
            "阁下：\n\n"
            "本人谨以{convention}{of_parties}会议主席的身份致函阁下，事关{state}{year}年度"
            "会费（第{number}号发票，已于{due_date}到期），目前尚有{outstanding}未缴。"
            "\n\n"
            "执行支助股完全依靠{of_parties}的会费运作。如贵国政府能尽早安排付款，或告知执行"
            "支助股预计付款日期，本人将不胜感激。\n\n"
            "顺致最崇高的敬意。\n\n"
            "{of_parties}会议主席",
        ),
        "ru": (
            "{convention}: письмо Председателя о взносе государства ({state}) за "
            "{year} год ({number})",
            "Ваше превосходительство!\n\n"
            "Имею честь обратиться к Вам в качестве Председателя Совещания "
            "{of_parties} {convention} в связи со взносом государства "
            "({state}) за {year} год (счет {number}, срок оплаты {due_date}), по "
            "которому остается непогашенной сумма {outstanding}.\n\n"
            "Группа имплементационной поддержки полностью зависит от взносов "
            "{of_parties}. Я был бы весьма признателен, если бы Ваше "
            "правительство смогло произвести оплату в кратчайшие сроки или сообщить "
            "Группе, когда можно ожидать платежа.\n\n"
            "Примите, Ваше превосходительство, уверения в моем самом высоком "
            "уважении.\n\n"
            "Председатель Совещания {of_parties}",
        ),
        "ar": (
            "{convention}: رسالة من الرئيس بشأن مساهمة {state} لعام {year} ({number})",
            "صاحب السعادة،\n\n"
            "يشرفني أن أكتب إليكم، بصفتي رئيس اجتماع {of_parties} في {convention}، "
            "بشأن مساهمة {state} لعام {year} (الفاتورة {number}، المستحقة في "
            "{due_date})، التي لا يزال مبلغ {outstanding} منها غير مسدد.\n\n"
            "وتعتمد وحدة دعم التنفيذ اعتماداً كاملاً على مساهمات {of_parties}. "
            "وسأكون ممتناً لو تفضلت حكومتكم بالترتيب للسداد في أقرب وقت ممكن، أو "
            "بإبلاغ الوحدة بالموعد المتوقع للسداد.\n\n"
            "وتفضلوا، يا صاحب السعادة، بقبول فائق الاحترام والتقدير.\n\n"
            "رئيس اجتماع {of_parties}",
        ),
    },
}

# The last level is a letter: its text is whole; the others are notes verbales.
LETTER_LEVEL = 4


def un_wording(level: int) -> dict[str, str]:
    """{"subject_ru": ..., "body_ru": ..., ...} of `level` in zh-hans, ru, ar."""
    fields = {}
    for language, (subject, text) in _WORDING[level].items():
        if level != LETTER_LEVEL:
            text = f"{_NV_OPEN[language]}{'' if language == 'zh_hans' else ' '}{text}"
            text += f"\n\n{_NV_CLOSE[language]}"
        fields[f"subject_{language}"] = subject
        fields[f"body_{language}"] = text
    return fields
