"""Driving a talk from several devices: moves, handoff, the owner's lock, the pointer.

The speaker's own devices share the wheel: the owner's presenter view and
every remote link (a remote is the speaker's own hand) always move the talk,
without taking or handing anything. Co-presenters are other people: a
co-presenter link moves only while it holds control, which it takes (unless
the owner has locked driving to themselves) or is handed; the holder may hand
it on to another co-presenter, or back to the speaker, and the owner can
always take it back. Everything here runs while holding the row lock of the
deck's PresentationState, so a move and a handoff never interleave.

A move may carry the sequence of the state it was made from. If the talk has
moved since (a retried request whose first try got through, a phone that was
asleep), it is refused with the current state instead of applied twice or
jumping the talk back.
"""

from django.db import transaction
from django.utils import timezone

from .channels import announce
from .models import DeckLink, DriveControl, PresentationState


class MoveRefused(Exception):
    def __init__(self, status, code, message, state=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.state = state

    def as_json(self):
        body = {"error": self.message, "code": self.code}
        if self.state is not None:
            body["state"] = self.state.as_message()
        return body


def _without_stale_driver(control):
    # A link that stopped working, or a remote that held control before
    # remotes shared the speaker's wheel, gives control back to the speaker.
    if control.driver_id is not None and not (control.driver.is_active() and control.driver.needs_control):
        control.driver = None
    return control


def _locked_state(deck):
    state, _ = PresentationState.objects.select_for_update().get_or_create(deck=deck)
    control, _ = DriveControl.objects.select_related("driver").get_or_create(deck=deck)
    return state, _without_stale_driver(control)


def is_speaker(access):
    """The owner, or the holder of a remote link: the speaker's own devices, which always drive."""
    return access.is_owner or (access.active_link is not None and access.link.role == DeckLink.Role.REMOTE)


def holds_control(control, access):
    if is_speaker(access):
        return True
    return access.active_link is not None and control.driver_id == access.link.pk


def _check_driver(control, access, state=None):
    if is_speaker(access):
        return
    if control.locked:
        raise MoveRefused(403, "locked", "The owner has locked driving to themselves.", state)
    if not holds_control(control, access):
        raise MoveRefused(409, "not_driving", f"{control.driver_name} is driving. Take control to move.", state)


def _check_co_presenter(access):
    if not access.is_owner and is_speaker(access):
        raise MoveRefused(400, "always_driving", "A remote always drives the talk; control is for co-presenters.")


def move(access, *, slide=None, step=None, blackout=None, action=None, from_sequence=None):
    """Applies a driver's move; raises MoveRefused with the current state if it may not."""
    deck = access.deck
    with transaction.atomic():
        state, control = _locked_state(deck)
        _check_driver(control, access, state)
        if from_sequence is not None and from_sequence != state.sequence:
            raise MoveRefused(409, "stale", "The talk has moved since; here is where it is now.", state)
        state = PresentationState.change(deck, slide=slide, step=step, blackout=blackout, action=action)
        if control.last_move_by != access.name or control.pk is None:
            control.last_move_by = access.name
            control.last_move_at = timezone.now()
            control.save()
            announce(control_message(control))
    return state


def take_control(access, *, lock=None):
    """The asker becomes the driver; the owner may also lock (or unlock) driving to themselves."""
    _check_co_presenter(access)
    with transaction.atomic():
        _, control = _locked_state(access.deck)
        if control.locked and not access.is_owner:
            raise MoveRefused(403, "locked", "The owner has locked driving to themselves.")
        locked = control.locked if lock is None or not access.is_owner else lock
        return set_driver(access.deck, None if access.is_owner else access.link, locked=locked)


def hand_control(access, to_link_id):
    """The driving co-presenter (or the owner) hands control to a co-presenter link, or to the speaker (None)."""
    _check_co_presenter(access)
    with transaction.atomic():
        _, control = _locked_state(access.deck)
        if not access.is_owner:
            _check_driver(control, access)
        if to_link_id is None:
            return set_driver(access.deck, None, locked=control.locked)
        if control.locked:
            raise MoveRefused(403, "locked", "Unlock driving before handing it to someone else.")
        target = DeckLink.objects.active().filter(deck=access.deck, pk=to_link_id, role=DeckLink.Role.CO_PRESENTER).first()
        if target is None:
            raise MoveRefused(400, "no_such_driver", "That link does not exist, is not a co-presenter's, or has stopped working.")
        return set_driver(access.deck, target, locked=False)


def set_driver(deck, link, *, locked):
    """Records who drives and tells the presenter views and remotes; call inside a transaction."""
    control, _ = DriveControl.objects.get_or_create(deck=deck)
    control.driver = link
    control.locked = locked
    control.save()
    announce(control_message(control))
    return control


def control_state(deck_id):
    control = DriveControl.objects.select_related("driver").filter(deck_id=deck_id).first()
    return _without_stale_driver(control or DriveControl(deck_id=deck_id))


def control_message(control):
    return {
        "kind": "control",
        "deck": control.deck_id,
        "driver": control.driver_name,
        "driverLink": control.driver_id,
        "locked": control.locked,
        "lastMoveBy": control.last_move_by,
    }


def point(access, *, x=None, y=None):
    """Shows the pointer at (x, y), fractions of the slide's width and height, or hides it (None). Never stored."""
    control = control_state(access.deck.pk)
    _check_driver(control, access)
    message = {"kind": "pointer", "deck": access.deck.pk, "x": x, "y": y}
    announce(message)
    return message
