"""The core's forms, and how every page shows a service's refusal: beside the
form's field, or at the top of the next page after a button."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from ism.concurrency import (
    EditConflict,
    VersionedModelForm,
    conflict_rows,
    with_version,
)
from ism.models import Committee, Convention, State, StateContact, User
from ism.services import CONVENTION_EDITABLE

T = TypeVar("T")


class TextUploadForm(forms.Form):
    """A text file uploaded to be read in full and previewed (a CSV, a bank
    statement): at most 2 MB, UTF-8. `file` cleans to (name, text); a subclass
    names the field for what it holds."""

    file = forms.FileField(label=_("File"))

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("At most 2 MB per file."))
        raw = upload.read()
        try:
            return upload.name, raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text: save it as CSV (UTF-8).")
            ) from None


def upload_previewed(
    upload: TextUploadForm, read: Callable[[str], object], context: dict
) -> int:
    """Step one of a page that uploads, previews, then confirms: the posted
    `upload` parsed, `read(text)` (the service's dry run) shown as
    context["preview"] and the text carried to the confirmation as
    context["csv_text"]. The status: 200, or 400 with the problems on the form
    (context["upload"])."""
    context["upload"] = upload
    if not upload.is_valid():
        return 400
    _name, text = upload.cleaned_data["file"]
    with service_errors_on(upload):
        context["preview"] = read(text)
        context["csv_text"] = text
        return 200
    return 400


def upload_confirmed(
    request,
    upload: TextUploadForm,
    record: Callable[[str], T],
    success: Callable[[T], str],
) -> T | None:
    """Step two: the previewed text, posted back, recorded by `record(text)`.
    Returns what `record` returned, after putting `success(it)` among the page's
    messages; None when the service refused, its reasons then on `upload`."""
    done = None
    with service_errors_on(upload):
        done = record(request.POST.get("csv_text", ""))
        messages.success(request, success(done))
    return done


def service_errors(error: ValidationError) -> dict[str, list[ValidationError]]:
    """A service's ValidationError by the key it names ("fte", "positions.2.fte")
    or NON_FIELD_ERRORS for a message that names none. The errors stay
    ValidationErrors, so their codes and parameters reach the form."""
    if hasattr(error, "error_dict"):
        return {key: list(errors) for key, errors in error.error_dict.items()}
    return {NON_FIELD_ERRORS: list(error.error_list)}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Forms parse text into values, services judge them: put the service's
    verdict beside the field it names, or at the top of the form when it names
    none the form has, so the page shows again with what was typed. A form not
    bound to the request (a step whose data travels in hidden fields, as the bank
    import's confirmation) shows the errors all the same: an unbound form has no
    error list of its own to add to.

    Someone else's save in between (ism.concurrency.EditConflict): the message
    on top, `form.conflict` the rows of what changed, and the form's version
    moved to what is there now, so saving again applies the user's entries,
    which are all still in the form."""
    if not form.is_bound and form._errors is None:
        form._errors, form.cleaned_data = ErrorDict(), {}
    if isinstance(error, EditConflict):
        form.conflict = conflict_rows(form, error.changes)
        if error.version:
            form.data = with_version(form.data, error.version, form.prefix)
        form.add_error(None, error)
        return
    for key, errors in service_errors(error).items():
        form.add_error(key if key in form.fields else None, errors)


@contextmanager
def service_errors_on(form: forms.Form) -> Iterator[None]:
    """Run a service for a form that parsed: a refusal goes beside the field it
    names (add_service_errors) and the page carries on to show the form again;
    anything after the call inside the block (the message, the redirect) runs
    only when the service accepted."""
    try:
        yield
    except ValidationError as exc:
        add_service_errors(form, exc)


@contextmanager
def service_errors_to_messages(request) -> Iterator[None]:
    """Run a service for a button (no form to show a refusal on): each message
    of a refusal at the top of the page the user is sent to, and the rest of the
    block (the success message) only when the service accepted."""
    try:
        yield
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)


# --- Fields every app's forms share ---------------------------------------------


def date_field(label, *, required=True, help_text=""):
    """A day typed in the browser's date picker, ISO in and out, with the house
    messages (the example shows the one format the field reads)."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Enter a date, e.g. 2025-10-08."),
            "required": _("Enter the date."),
        },
    )


def text_field(label, *, rows: int, required: str):
    """A few lines of prose that must be written (a reason, a comment): the
    `required` message says what is missing."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required},
    )


def save_posted(
    request, form: forms.Form, save: Callable[[dict], T], *, success: str = ""
) -> T | None:
    """A page's form, posted: the form parses it, `save(cleaned_data)` (a call
    of the service) judges and saves it. Returns what `save` returned (the saved
    row, never None), after putting `success` among the page's messages; None
    when there is nothing to save — a GET, a form that did not parse, or the
    service's refusal, now beside its field — so the page shows the form again
    (with 400 after a POST)."""
    if request.method != "POST" or not form.is_valid():
        return None
    saved = None
    with service_errors_on(form):
        saved = save(form.cleaned_data)
        if success:
            messages.success(request, success)
    return saved


def act_posted(request, act: Callable[[], T], *, success: str = "") -> T | None:
    """A button's step, where nothing was typed (a status, a removal): `act()`
    (a call of the service) returns what it did, after putting `success` among
    the page's messages; None when the service refused, its reasons then the
    page's error messages, shown where the view redirects."""
    done = None
    with service_errors_to_messages(request):
        done = act()
        if success:
            messages.success(request, success)
    return done


class ConventionSettingsForm(VersionedModelForm, forms.ModelForm):
    version_fields = CONVENTION_EDITABLE

    class Meta:
        model = Convention
        fields = CONVENTION_EDITABLE


class DigestForm(forms.Form):
    """How often the user's to-do list comes by e-mail (ism.digest)."""

    todo_digest = forms.ChoiceField(
        label=User._meta.get_field("todo_digest").verbose_name.capitalize(),
        choices=User.Digest.choices,
        widget=forms.RadioSelect,
        help_text=User._meta.get_field("todo_digest").help_text,
    )


class StateContactForm(forms.ModelForm):
    class Meta:
        model = StateContact
        fields = ["recipient", "address", "emails", "working_language"]
        widgets = {"address": forms.Textarea(attrs={"rows": 4})}

    def clean_emails(self):
        emails = [
            e.strip() for e in self.cleaned_data["emails"].split(",") if e.strip()
        ]
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(email)s” is not a valid e-mail address."),
                    params={"email": email},
                ) from None
        return ", ".join(emails)


LIFETIMES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("1 year")),
]


class ApiTokenForm(forms.Form):
    """A new API token. The choices offer only what the user may grant; clean()
    asks the access policy again, so a forged POST is refused next to the field."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("What will use it, e.g. “Public dashboard on our website”."),
    )
    convention = forms.ModelChoiceField(
        label=_("Convention"), queryset=Convention.objects.none()
    )
    state = forms.ModelChoiceField(
        label=_("State"),
        queryset=State.objects.none(),
        required=False,
        empty_label=_("— none: a dashboard token (public data and aggregates) —"),
        help_text=_(
            "With a State, the token reads what that State's focal point reads: its "
            "invoices, its draft reports. Without, public data and aggregates only."
        ),
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Expires after"), choices=LIFETIMES, coerce=int, initial=90
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from ism.access import roles_of

        roles = roles_of(user)
        self.user = user
        conventions = Convention.objects.all()
        if not roles.superuser:
            conventions = conventions.filter(
                pk__in=roles.staff_conventions | {c for _, c in roles.focal_points}
            )
        self.fields["convention"].queryset = conventions.order_by("code")
        only = list(self.fields["convention"].queryset[:2])
        if len(only) == 1:  # one convention to choose from: chosen already
            self.fields["convention"].initial = only[0].pk
            self.fields["convention"].empty_label = None
        states = State.objects.all()
        if not roles.superuser:
            states = states.filter(
                Q(participations__convention__in=roles.staff_conventions)
                | Q(pk__in=roles.focal_point_states)
            ).distinct()
        self.fields["state"].queryset = states.order_by("name")
        if not roles.staff_conventions and not roles.superuser:
            # A focal point makes tokens of their own State only.
            self.fields["state"].required = True
            self.fields["state"].empty_label = None

    def clean(self):
        from ism.api_tokens import can_make_token

        data = super().clean()
        convention, state = data.get("convention"), data.get("state")
        if convention is None:
            return data
        if (
            state is not None
            and not state.participations.filter(convention=convention).exists()
        ):
            self.add_error(
                "state",
                _("%(state)s is not a party to the %(convention)s.")
                % {"state": state, "convention": convention.short_name},
            )
        elif not can_make_token(self.user, convention, state):
            self.add_error(
                "state" if state is None else "convention",
                _("You may make tokens of your own State only.")
                if state is None
                else _("You may not make tokens for this State in this convention."),
            )
        return data


class RoleScopeForm(forms.Form):
    """A role of the convention and what it is for: a committee member's
    committee, a focal point's State. The choices are the convention's; the
    service (ism.people) judges again."""

    role = forms.ChoiceField(label=_("Role"), choices=[])
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.none(),
        required=False,
        help_text=_("For a committee member: the committee they sit on."),
    )
    state = forms.ModelChoiceField(
        label=_("State"),
        queryset=State.objects.none(),
        required=False,
        help_text=_("For a State's focal point: the State they act for."),
    )

    def __init__(self, *args, convention: Convention, **kwargs):
        from ism.models.invitations import INVITED_ROLES

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in INVITED_ROLES]
        self.fields["committee"].queryset = convention.committees.order_by("name")
        self.fields["state"].queryset = State.objects.filter(
            participations__convention=convention
        ).order_by("name")


class InvitationForm(RoleScopeForm):
    """Whom ISU staff invite, to which role of their convention."""

    field_order = ["email", "role", "committee", "state", "language"]
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        required=False,
        help_text=_(
            "Empty: the invitee's own where ISM knows it (their account's, or "
            "the State's working language for a focal point), else English."
        ),
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *settings.LANGUAGES]


class RoleGrantForm(RoleScopeForm):
    """One more role for someone who already works on the convention."""

    field_order = ["user", "role", "committee", "state"]
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())

    def __init__(self, *args, convention: Convention, **kwargs):
        from ism.selectors import people_of

        super().__init__(*args, convention=convention, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            pk__in=people_of(convention=convention).values("user")
        ).order_by("last_name", "first_name", "username")


class InvitedAccountForm(UserCreationForm):
    """The invitee's new account: a user name (their address, unless they choose
    another) and a password that passes the project's validators."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name")
