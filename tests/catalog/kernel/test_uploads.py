"""Uploads: caps per kind, types by content, pixel, zip and sheet limits — and the
registration and protected-mark paths refuse before storing anything."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from catalog.kernel.filetypes import sniff
from catalog.kernel.uploads import ALLOWED, UploadKind, validate_upload
from catalog.models import WorkFile
from catalog.registration import services
from catalog.similarity.hashing import UnreadableImage, image_phash
from catalog.similarity.models import ProtectedMark
from catalog.similarity.services import MarkInput, protected_mark_upsert
from tests.factories.catalog import image_upload, make_party, make_user, work_input
from tests.factories.uploads import (
    HTML,
    PDF,
    SVG,
    isolate_storage,
    png_bytes,
    png_claiming,
    stored_files,
    xlsx_bomb,
    xlsx_bytes,
)


def _refusal(kind: str, data: bytes, name: str = "upload.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upload(kind=kind, file=SimpleUploadedFile(name, data), name=name)
    return caught.value


def _text(messages: list[str]) -> str:
    """One message, with the no-break spaces of file sizes ("1.0\xa0KB") made plain."""
    return " ".join(messages).replace("\xa0", " ")


# --- the kernel ------------------------------------------------------------------


@pytest.mark.parametrize("kind", UploadKind.values)
def test_every_kind_refuses_a_file_over_its_cap_and_names_the_cap(settings, kind):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, kind: 1024}
    error = _refusal(kind, PDF + b"x" * 2048, name="big.pdf")
    label = str(UploadKind(kind).label)
    assert error.code == "too_large"
    assert _text(error.messages) == f"“big.pdf” is 2.1 KB; the limit for {label} is 1.0 KB."


def test_the_caps_come_from_settings_per_kind(settings):
    assert set(settings.UPLOAD_LIMITS) == set(UploadKind.values)
    assert settings.UPLOAD_LIMITS["usage_csv"] == 256 * 2**20


@pytest.mark.parametrize("kind", UploadKind.values)
@pytest.mark.parametrize("payload", [HTML, SVG, b"  <?xml version='1.0'?><a/>"])
def test_markup_is_allowed_nowhere_whatever_its_name(kind, payload):
    error = _refusal(kind, payload, name="scan.pdf")
    assert error.code == "type_not_allowed"
    assert "“scan.pdf” is an " in error.messages[0]
    assert not {"html", "svg", "xml"} & set(ALLOWED[kind])


def test_type_is_judged_by_content_not_by_name():
    assert validate_upload(kind="work_image", file=png_bytes(), name="photo.pdf").mime == (
        "image/png"
    )
    error = _refusal("work_image", PDF, name="photo.png")
    assert error.messages == ["“photo.png” is PDF; work images may be: PNG, JPEG, GIF, WebP, TIFF."]


def test_a_png_claiming_50k_by_50k_pixels_is_refused_before_any_decoding(monkeypatch):
    def no_decoding(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(Image.Image, "load", no_decoding)
    error = _refusal("work_image", png_claiming(50_000, 50_000), name="poster.png")
    assert error.messages == [
        "“poster.png” is far larger than the limit of 64 megapixels for images."
    ]


def test_an_image_over_the_pixel_cap_is_refused_with_its_size(settings, monkeypatch):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 3_000_000
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded"))
    error = _refusal("protected_mark", png_claiming(2000, 2000), name="logo.png")
    assert error.messages == [
        "“logo.png” is 2000 × 2000 pixels; the limit for images is 3 megapixels."
    ]


def test_pillow_refuses_to_decode_bombs_in_every_process(settings):
    # Set once at start-up (CatalogConfig.ready), for the hashing code too.
    assert Image.MAX_IMAGE_PIXELS == settings.UPLOAD_IMAGE_MAX_PIXELS == 64_000_000
    with pytest.raises(UnreadableImage):
        image_phash(png_claiming(12_000, 12_000))


def test_a_workbook_with_more_rows_than_the_cap_is_refused_before_reading(settings):
    settings.UPLOAD_XLSX_MAX_ROWS = 5
    data = xlsx_bytes([["isbn", "units"]] + [["9780000000001", i] for i in range(6)])
    error = _refusal("usage_xlsx", data, name="sales.xlsx")
    assert error.messages == ["“sales.xlsx” has 7 rows; the limit for spreadsheets is 5 rows."]


def test_a_workbook_with_more_columns_than_the_cap_is_refused(settings):
    settings.UPLOAD_XLSX_MAX_COLUMNS = 4
    error = _refusal("deal_attachment", xlsx_bytes([list(range(6))]), name="terms.xlsx")
    assert error.messages == [
        "“terms.xlsx” has 6 columns; the limit for spreadsheets is 4 columns."
    ]


def test_a_zip_bomb_is_refused_by_its_unpacked_size(settings):
    settings.UPLOAD_ZIP_MAX_UNCOMPRESSED = 2**20
    data = xlsx_bomb(unpacked_mb=8)
    assert len(data) < 64 * 1024
    error = _refusal("usage_xlsx", data, name="sales.xlsx")
    assert error.code == "unpacks_too_large"
    assert _text(error.messages) == (
        "“sales.xlsx” unpacks to 8.0 MB; the limit for packed documents is 1.0 MB."
    )


def test_text_must_be_utf8_without_nul_bytes():
    assert validate_upload(kind="usage_csv", file=b"isbn,units\n978,1\n").key == "text"
    gbk = _refusal("usage_csv", "书名,数量\n红楼梦,3\n".encode("gbk"), name="sales.csv")
    assert gbk.messages == [
        "“sales.csv” is text not encoded as UTF-8, or binary data; "
        "usage reports in CSV may be: plain text (UTF-8)."
    ]
    assert _refusal("usage_dsr", b"HEAD\t1\x00\x00\n").code == "type_not_allowed"
    assert (
        _refusal("usage_csv", xlsx_bytes([["isbn"]]), name="sales.csv")
        .messages[0]
        .startswith("“sales.csv” is XLSX;")
    )


def test_validation_reads_paths_bytes_and_uploads_and_rewinds(tmp_path):
    path = tmp_path / "cover.png"
    path.write_bytes(png_bytes())
    upload = SimpleUploadedFile("cover.png", png_bytes())
    upload.read(10)
    for source in (str(path), path.read_bytes(), upload, io.BytesIO(png_bytes())):
        assert validate_upload(kind="work_image", file=source).key == "png"
    assert upload.tell() == 0
    assert sniff(io.BytesIO(b"")).key == "text"


# --- registration files -----------------------------------------------------------


@pytest.fixture
def storage(settings, tmp_path):
    return isolate_storage(settings, tmp_path / "storage")


@pytest.fixture
def draft(db):
    user = make_user(roles=["rights_holder"])
    party = make_party(member=user)
    app = services.application_create(user=user, applicant=party, work=work_input())
    return user, app


def test_an_oversize_work_image_is_refused_and_nothing_is_stored(settings, storage, draft):
    user, app = draft
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "work_image": 1024}
    with pytest.raises(ValidationError) as caught:
        services.application_attach_file(
            application_id=app.pk, user=user, upload=image_upload(name="scan.png"), kind="image"
        )
    message = _text(caught.value.message_dict["file"])
    assert message.startswith("“scan.png” is ")
    assert message.endswith("the limit for work images is 1.0 KB.")
    assert not WorkFile.objects.exists() and stored_files(storage) == []
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "work_image": 2**20}
    services.application_attach_file(
        application_id=app.pk, user=user, upload=image_upload(name="scan.png"), kind="image"
    )
    assert WorkFile.objects.get().file.name.endswith("scan.png")
    assert len(stored_files(storage)) == 1  # the check sees what is stored


def test_an_svg_named_png_is_refused_over_http(client, storage, draft):
    user, app = draft
    client.force_login(user)
    response = client.post(
        f"/en/registration/{app.pk}/upload/",
        {"kind": "image", "file": SimpleUploadedFile("logo.png", SVG, "image/png")},
        follow=True,
    )
    assert "“logo.png” is an SVG image; work images may be" in response.content.decode()
    assert not WorkFile.objects.exists() and stored_files(storage) == []


def test_an_audio_sample_must_be_audio(draft):
    user, app = draft
    with pytest.raises(ValidationError) as caught:
        services.application_attach_file(
            application_id=app.pk,
            user=user,
            upload=SimpleUploadedFile("song.mp3", png_bytes()),
            kind="audio",
        )
    assert "audio samples may be: MP3, WAV, FLAC, Ogg, M4A" in caught.value.message_dict["file"][0]


# --- protected marks --------------------------------------------------------------


def test_a_protected_mark_bomb_is_refused_with_the_limit_and_not_stored(db, storage):
    with pytest.raises(ValidationError) as caught:
        protected_mark_upsert(
            data=MarkInput(
                reference="TM-1",
                name="Mark",
                owner_name="Owner",
                filename="mark.png",
                data=png_claiming(50_000, 50_000),
            )
        )
    assert "limit of 64 megapixels" in caught.value.message_dict["image"][0]
    assert not ProtectedMark.objects.exists() and stored_files(storage) == []


def test_onix_is_judged_by_its_root_not_by_a_header_that_looks_like_html():
    """Every ONIX message has <Header> (which starts like HTML's <head>) and product texts
    may carry XHTML; the root element decides. Short tags and no namespace too."""
    reference = (
        b'<?xml version="1.0"?>\n<ONIXMessage release="3.0"><Header><Sender>'
        b"<SenderName>P</SenderName></Sender></Header><Product><CollateralDetail>"
        b'<TextContent><Text textformat="05"><p>A <b>story</b></p></Text>'
        b"</TextContent></CollateralDetail></Product></ONIXMessage>"
    )
    short = b'<ONIXmessage release="3.0"><header><sender/></header></ONIXmessage>'
    assert sniff(io.BytesIO(reference)).key == "onix"
    assert sniff(io.BytesIO(short)).key == "onix"
    assert sniff(io.BytesIO(b"<html><head></head></html>")).key == "html"
    assert sniff(io.BytesIO(b'<?xml version="1.0"?><catalogue><head/></catalogue>')).key == "html"
