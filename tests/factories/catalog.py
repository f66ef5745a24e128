"""Factories for catalog objects, built through the services so invariants hold."""

from __future__ import annotations

import io
import itertools

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from catalog.models import Membership, Party, Work, WorkFile
from catalog.services import WorkInput, party_add_member, party_create, work_create
from marketplace.models import User

_counter = itertools.count(1)


def make_user(
    *,
    roles: list[str] | None = None,
    language: str = "en",
    verified: bool = True,
    **extra: object,
) -> User:
    """A user whose e-mail is verified (as after allauth's confirmation link), unless
    ``verified=False``: unverified users act for no party (catalog.kernel.permissions)."""
    n = next(_counter)
    extra.setdefault("email", f"user{n}@example.test")
    user = User.objects.create_user(
        username=f"user{n}",
        password="pw-Strong-2026",
        roles=roles or [],
        preferred_language=language,
        **extra,
    )
    if user.email:  # no address, nothing to verify: such a user acts for no party
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


def make_party(
    *,
    country: str = "CN",
    name: str | None = None,
    kind: str = "organisation",
    category: str = "publisher",
    member: User | None = None,
) -> Party:
    n = next(_counter)
    party = party_create(kind=kind, category=category, name=name or f"Party {n}", country=country)
    if member is not None:
        party_add_member(party=party, user=member, role=Membership.Role.OWNER)
    return party


def work_input(**overrides: object) -> WorkInput:
    n = next(_counter)
    data = {
        "work_type": "literary",
        "original_title": f"长河落日 第{n}卷",
        "original_language": "zh-hans",
        "country_of_origin": "CN",
        "titles": {"en": f"Sunset over the Long River, vol. {n}"},
        "synopses": {"zh-hans": "一部关于长江沿岸渔村三代人的长篇小说。"},
    }
    data.update(overrides)
    return WorkInput(**data)


def image_upload(*, seed: int = 1, name: str = "art.png", size: int = 256) -> SimpleUploadedFile:
    """A deterministic picture: different seeds give visibly different images."""
    image = Image.new("RGB", (size, size), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        x = (seed * 37 + i * 53) % size
        y = (seed * 91 + i * 29) % size
        colour = ((seed * 50 + i * 20) % 255, (seed * 80) % 255, (i * 40) % 255)
        draw.rectangle([x, y, x + size // 4, y + size // 6], fill=colour)
        draw.ellipse(
            [y // 2, x // 2, y // 2 + size // 5, x // 2 + size // 5], outline=colour, width=4
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_imported_work(*, holder: Party, files: bool = True, **overrides: object) -> Work:
    """A work as a catalogue import leaves it: in the catalogue, with no application yet;
    ``files``: with one image attached (what a batch needs to submit it)."""
    work = work_create(holder=holder, data=work_input(**overrides))
    if files:
        upload = image_upload(seed=next(_counter) + 1000)
        data = upload.read()
        work_file = WorkFile(
            work=work,
            kind=WorkFile.Kind.IMAGE,
            original_name=upload.name,
            sha256=WorkFile.digest(data),
            size=len(data),
        )
        work_file.file.save(upload.name, ContentFile(data), save=False)
        work_file.save()
    return work
