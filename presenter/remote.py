"""Driving a talk from several devices: moves, handoff, the owner's lock, the pointer.

One driver holds control at a time: the owner, or one remote or co-presenter
link. Only the holder's moves are accepted; any driver may take control
unless the owner has locked it to themselves, and the holder may hand it to
another driver. The owner can always take it back. Everything here runs
while holding the row lock of the deck's PresentationState, so a move and a
handoff never interleave.

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


def _locked_state(deck):
    state, _ = PresentationState.objects.select_for_update().get_or_create(deck=deck)
    control, _ = DriveControl.objects.select_related("driver").get_or_create(deck=deck)
    if control.driver_id is not None and not control.driver.is_active():
        control.driver = None
    return state, control


def holds_control(control, access):
    if access.is_owner:
        return control.driver_id is None
    return access.active_link is not None and control.driver_id == access.link.pk


def _check_driver(control, access, state=None):
    if control.locked and not access.is_owner:
        raise MoveRefused(403, "locked", "The owner has locked driving to themselves.", state)
    if not holds_control(control, access):
        raise MoveRefused(409, "not_driving", f"{control.driver_name} is driving. Take control to move.", state)


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
    with transaction.atomic():
        _, control = _locked_state(access.deck)
        if control.locked and not access.is_owner:
            raise MoveRefused(403, "locked", "The owner has locked driving to themselves.")
        locked = control.locked if lock is None or not access.is_owner else lock
        return set_driver(access.deck, None if access.is_owner else access.link, locked=locked)


def hand_control(access, to_link_id):
    """The driver (or the owner) hands control to another driving link of the deck, or to the owner (None)."""
    with transaction.atomic():
        _, control = _locked_state(access.deck)
        if not access.is_owner:
            _check_driver(control, access)
        if to_link_id is None:
            return set_driver(access.deck, None, locked=control.locked)
        if control.locked:
            raise MoveRefused(403, "locked", "Unlock driving before handing it to someone else.")
        target = DeckLink.objects.active().filter(deck=access.deck, pk=to_link_id, role__in=DeckLink.DRIVING_ROLES).first()
        if target is None:
            raise MoveRefused(400, "no_such_driver", "That link does not exist, cannot drive, or has stopped working.")
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
    control = control or DriveControl(deck_id=deck_id)
    if control.driver_id is not None and not control.driver.is_active():
        control.driver = None
    return control


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
