"""The web desk as an ASGI application (Starlette, Jinja2 pages, one small script).

Every page but the login page needs a session; every form carries the session's CSRF token;
every POST declares its length and is refused before it is read when it is larger than the
form allows. Library calls run in the thread pool, the build in a process of its own
(:mod:`pipeline.web.jobs`). What the library raises (a SakipError) is shown on the page as
the readable sentence it is; anything else is logged and shown as one line.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
import zipfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline.errors import SakipError, WebError
from pipeline.office.formatting import angka, tanggal
from pipeline.web import jobs, uploads, views
from pipeline.web.accounts import Account, authenticate, get_account
from pipeline.web.security import contained, new_csrf_token, same_token, session_secret
from pipeline.workspace.paths import OUTPUTS_DIR, Workspace
from pipeline.workspace.periode import BULAN, Periode

HERE = Path(__file__).resolve().parent
PUBLIC = {"/masuk"}
MB = 1024 * 1024
FORM_SLACK = 64 * 1024
"""Room for the form's other fields and the multipart boundaries beside the files."""
SESSION_HOURS = 10
STAFF = {"kepala-dinas", "sekretaris", "kasubbag", "fungsional-umum"}
BUILDERS = {"kasubbag", "fungsional-umum"}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
LOG = logging.getLogger("sakip.web")

Handler = Callable[[Request, FormData], Awaitable[Response]]


class AuthMiddleware:
    """Lets through only the login page and the static files without a signed-in account;
    the account is read from the database on every request, so a deleted account is out at
    once."""

    def __init__(self, app: ASGIApp, workspace: Workspace) -> None:
        self.app = app
        self.workspace = workspace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path not in PUBLIC and not path.startswith("/statis/"):
            session = scope.get("session", {})
            nama = session.get("akun")
            account = await run_in_threadpool(get_account, self.workspace, nama) if nama else None
            if account is None:
                session.pop("akun", None)
                await RedirectResponse("/masuk", status_code=303)(scope, receive, send)
                return
            scope.setdefault("state", {})["akun"] = account
        await self.app(scope, receive, send)


def create_app(workspace: Workspace, *, https: bool = False) -> Starlette:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["tanggal"] = tanggal
    templates.env.filters["angka"] = angka
    templates.env.globals["bulan"] = BULAN
    desk = Desk(workspace, templates)
    routes = [
        Route("/masuk", desk.login_page, methods=["GET"]),
        Route("/masuk", desk.form(desk.login, 0), methods=["POST"]),
        Route("/keluar", desk.form(desk.logout, 0), methods=["POST"]),
        Route("/", desk.home),
        Route("/unggah", desk.upload_page, methods=["GET"]),
        Route(
            "/unggah", desk.form(desk.upload, uploads.MAX_WORKBOOK_MB, files=1), methods=["POST"]
        ),
        Route("/kepatuhan", desk.compliance),
        Route("/bangun", desk.build_page, methods=["GET"]),
        Route("/bangun", desk.form(desk.build_start, 0), methods=["POST"]),
        Route("/bangun/keadaan", desk.build_state),
        Route("/berkas", desk.files_page),
        Route("/unduh", desk.download),
        Route("/unduh-zip", desk.download_zip),
        Route("/templat", desk.template_page),
        Route("/templat/unduh", desk.template_download),
        Route("/periksa", desk.check_page, methods=["GET"]),
        Route(
            "/periksa",
            desk.form(desk.check_upload, uploads.MAX_PDF_MB * views.MAX_PDFS, files=views.MAX_PDFS),
            methods=["POST"],
        ),
        Route("/status", desk.status_page),
        Route("/status/langkah", desk.form(desk.record, 0), methods=["POST"]),
        Route("/status/batal", desk.form(desk.cancel, 0), methods=["POST"]),
        Route("/arsip", desk.archive_page, methods=["GET"]),
        Route("/arsip", desk.form(desk.archive_verify, 0), methods=["POST"]),
        Mount("/statis", StaticFiles(directory=str(HERE / "statis")), name="statis"),
    ]
    middleware = [
        Middleware(
            SessionMiddleware,
            secret_key=session_secret(workspace),
            session_cookie="sakip_sesi",
            max_age=SESSION_HOURS * 3600,
            same_site="strict",
            https_only=https,
        ),
        Middleware(AuthMiddleware, workspace=workspace),
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.add_exception_handler(SakipError, desk.library_error)
    app.add_exception_handler(Exception, desk.internal_error)
    return app


class Desk:
    """The pages. Each handler is small: read the request, one library call, render."""

    def __init__(self, workspace: Workspace, templates: Jinja2Templates) -> None:
        self.ws = workspace
        self.templates = templates

    # -- plumbing ------------------------------------------------------------------------

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        # The handler of unexpected errors runs outside the session middleware: no session.
        session: dict[str, Any] = request.scope.get("session", {})
        csrf = session.get("csrf") or new_csrf_token()
        session["csrf"] = csrf
        messages = session.pop("pesan", [])
        base = {
            "akun": getattr(request.state, "akun", None),
            "csrf": csrf,
            "pesan": messages,
            "halaman": request.url.path,
        }
        response = self.templates.TemplateResponse(
            request, name, {**base, **context}, status_code=status
        )
        response.headers.update(SECURITY_HEADERS)
        return response

    def problem(self, request: Request, message: str, status: int = 400) -> Response:
        return self.render(request, "masalah.html", status, masalah=message)

    def flash(self, request: Request, message: str) -> None:
        request.session["pesan"] = [*request.session.get("pesan", []), message]

    def form(self, handler: Handler, limit_mb: int, files: int = 0) -> Callable[..., Any]:
        """A POST endpoint: length declared and within the limit, then the CSRF token."""

        async def endpoint(request: Request) -> Response:
            length = request.headers.get("content-length", "")
            if not length.isdigit():
                return self.problem(request, "Permintaan tanpa panjang isi ditolak.", 411)
            if int(length) > limit_mb * MB + FORM_SLACK:
                return self.problem(
                    request,
                    f"Unggahan terlalu besar: paling banyak {limit_mb} MB per kiriman. "
                    "Periksa bahwa berkas yang dipilih benar.",
                    413,
                )
            async with request.form(max_files=files, max_fields=30) as form:
                if not same_token(request.session.get("csrf"), _text(form, "csrf")):
                    return self.problem(
                        request,
                        "Formulir ini sudah kedaluwarsa atau tidak berasal dari meja sakip. "
                        "Muat ulang halaman, lalu kirim lagi.",
                        403,
                    )
                try:
                    return await handler(request, form)
                except SakipError as err:
                    return self.problem(request, str(err))

        return endpoint

    def account(self, request: Request) -> Account:
        found: Account = request.state.akun
        return found

    def periode(self, request: Request, form: FormData | None = None) -> Periode:
        """From ``periode`` (TTTT-BB) or the ``tahun`` and ``bulan`` fields of the page's
        period picker; the newest period with workbooks when neither is given."""
        fields = form if form is not None else request.query_params
        text = fields.get("periode")
        tahun, bulan = fields.get("tahun"), fields.get("bulan")
        if not text and isinstance(tahun, str) and isinstance(bulan, str) and tahun and bulan:
            text = f"{tahun.strip()}-{bulan.strip()}"
        return (
            Periode.parse(text)
            if isinstance(text, str) and text
            else views.default_periode(self.ws)
        )

    def staff_only(self, request: Request, roles: set[str] = STAFF) -> Response | None:
        if self.account(request).peran in roles:
            return None
        who = ", ".join(sorted(views.role_label(r) for r in roles))
        return self.problem(request, f"Halaman ini hanya untuk {who}.", 403)

    async def library_error(self, request: Request, exc: Exception) -> Response:
        """What the library refuses (a bad period, an unknown unit) is the user's to fix."""
        return self.problem(request, str(exc))

    async def internal_error(self, request: Request, exc: Exception) -> Response:
        LOG.error("galat internal pada %s", request.url.path, exc_info=exc)
        return self.problem(
            request,
            f"Terjadi galat internal ({type(exc).__name__}). Rincian dicatat di log server; "
            "sampaikan kepada pengelola sakip.",
            500,
        )

    # -- signing in ------------------------------------------------------------------------

    async def login_page(self, request: Request) -> Response:
        return self.render(request, "masuk.html")

    async def login(self, request: Request, form: FormData) -> Response:
        nama, sandi = _text(form, "nama").strip(), _text(form, "sandi")
        account = await run_in_threadpool(authenticate, self.ws, nama, sandi)
        if account is None:
            return self.render(request, "masuk.html", 401, gagal=True, nama=nama)
        request.session.clear()  # a fresh session: no token from before the login survives
        request.session["akun"] = account.nama
        request.session["csrf"] = new_csrf_token()
        return RedirectResponse("/", status_code=303)

    async def logout(self, request: Request, form: FormData) -> Response:
        request.session.clear()
        return RedirectResponse("/masuk", status_code=303)

    # -- pages -----------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        periode = self.periode(request)
        summary = await run_in_threadpool(views.home, self.ws, periode, self.account(request))
        return self.render(request, "beranda.html", periode=periode, ringkas=summary)

    async def upload_page(self, request: Request) -> Response:
        return self.render(request, "unggah.html", periode=self.periode(request))

    async def upload(self, request: Request, form: FormData) -> Response:
        periode = self.periode(request, form)
        account = self.account(request)
        upload = form.get("berkas")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise WebError("Pilih berkas buku kerja (.xlsx) yang akan diunggah.")
        name = uploads.check_workbook_name(upload.filename)
        folder = views.period_folder(self.ws, periode)
        tmp = await uploads.receive(
            _chunks(upload), folder, uploads.MAX_WORKBOOK_MB, Path(name).suffix
        )
        stored = await run_in_threadpool(
            uploads.store_workbook, self.ws, periode, name, tmp, account.unit
        )
        findings = await run_in_threadpool(views.unit_findings, self.ws, periode, stored.unit)
        return self.render(
            request, "unggah.html", periode=periode, tersimpan=stored, temuan=findings
        )

    async def compliance(self, request: Request) -> Response:
        periode = self.periode(request)
        found = await run_in_threadpool(views.compliance, self.ws, periode, self.account(request))
        return self.render(request, "kepatuhan.html", periode=periode, laporan=found)

    async def build_page(self, request: Request) -> Response:
        if denied := self.staff_only(request, BUILDERS):
            return denied
        state = await run_in_threadpool(jobs.read_state, self.ws)
        return self.render(request, "bangun.html", periode=self.periode(request), keadaan=state)

    async def build_start(self, request: Request, form: FormData) -> Response:
        if denied := self.staff_only(request, BUILDERS):
            return denied
        periode = self.periode(request, form)
        await run_in_threadpool(views.check_buildable, self.ws, periode)
        await run_in_threadpool(jobs.start_build, self.ws, periode, self.account(request).nama)
        return RedirectResponse(f"/bangun?periode={periode}", status_code=303)

    async def build_state(self, request: Request) -> Response:
        state = await run_in_threadpool(jobs.read_state, self.ws)
        return JSONResponse(state.to_json(), headers={"Cache-Control": "no-store"})

    async def files_page(self, request: Request) -> Response:
        periode = self.periode(request)
        found = await run_in_threadpool(views.outputs, self.ws, periode, self.account(request))
        return self.render(request, "berkas.html", periode=periode, hasil=found, ws=self.ws)

    async def download(self, request: Request) -> Response:
        relative = request.query_params.get("berkas", "")
        path = contained(self.ws.root / OUTPUTS_DIR, relative)
        allowed = path is not None and await run_in_threadpool(
            views.may_read, self.ws, self.account(request), path
        )
        if path is None or not allowed:
            return self.problem(request, "Berkas tidak ditemukan atau bukan untuk akun Anda.", 404)
        return FileResponse(path, filename=path.name, content_disposition_type="attachment")

    async def download_zip(self, request: Request) -> Response:
        periode = self.periode(request)
        sop = request.query_params.get("sop", "")
        found = await run_in_threadpool(views.outputs, self.ws, periode, self.account(request))
        files = [path for group in found.groups if group.sop == sop for path, _o in group.files]
        if not files:
            return self.problem(request, "Tidak ada berkas untuk SOP itu pada periode ini.", 404)
        spool = await run_in_threadpool(_zip, self.ws.root / OUTPUTS_DIR, files)
        name = f"{periode} {re.sub(r'[^a-z0-9-]', '', sop) or 'lain'}.zip"

        def chunks() -> Any:
            with spool:
                while block := spool.read(MB):
                    yield block

        return StreamingResponse(
            chunks(),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    async def template_page(self, request: Request) -> Response:
        units = await run_in_threadpool(views.units_for, self.ws, self.account(request))
        return self.render(request, "templat.html", periode=self.periode(request), units=units)

    async def template_download(self, request: Request) -> Response:
        periode = self.periode(request)
        code = request.query_params.get("unit", "").strip().upper()
        account = self.account(request)
        if not account.may_see_unit(code):
            return self.problem(request, f"Akun Anda hanya untuk unit {account.unit}.", 403)
        path = await run_in_threadpool(views.blank_workbook, self.ws, code, periode)
        return FileResponse(path, filename=path.name, content_disposition_type="attachment")

    async def check_page(self, request: Request) -> Response:
        if denied := self.staff_only(request):
            return denied
        return self.render(request, "periksa.html", periode=self.periode(request))

    async def check_upload(self, request: Request, form: FormData) -> Response:
        if denied := self.staff_only(request):
            return denied
        periode = self.periode(request, form)
        given = [f for f in form.getlist("berkas") if isinstance(f, UploadFile) and f.filename]
        if not given:
            raise WebError("Pilih satu berkas PDF atau lebih untuk diperiksa.")
        folder = views.period_folder(self.ws, periode)
        stored = []
        for upload in given:
            name = uploads.check_pdf_name(upload.filename or "")
            tmp = await uploads.receive(_chunks(upload), folder, uploads.MAX_PDF_MB, ".pdf")
            stored.append(
                await run_in_threadpool(uploads.store_returned, self.ws, periode, name, tmp)
            )
        results = await run_in_threadpool(views.check_pdfs, self.ws, periode, stored)
        return self.render(request, "periksa.html", periode=periode, hasil=results)

    async def status_page(self, request: Request) -> Response:
        periode = self.periode(request)
        board = await run_in_threadpool(views.board, self.ws, periode, self.account(request))
        return self.render(
            request, "status.html", periode=periode, papan=board, hari_ini=dt.date.today()
        )

    async def record(self, request: Request, form: FormData) -> Response:
        periode = self.periode(request, form)
        done = await run_in_threadpool(
            views.record,
            self.ws,
            self.account(request),
            periode,
            _text(form, "sop"),
            _int(form, "no"),
            _text(form, "tanggal"),
            _text(form, "keputusan") or None,
            _text(form, "catatan"),
            bool(_text(form, "paksa")),
        )
        self.flash(request, done)
        return RedirectResponse(f"/status?periode={periode}", status_code=303)

    async def cancel(self, request: Request, form: FormData) -> Response:
        if denied := self.staff_only(request, {"fungsional-umum"}):
            return denied
        periode = self.periode(request, form)
        done = await run_in_threadpool(
            views.cancel,
            self.ws,
            self.account(request),
            periode,
            _text(form, "sop"),
            _text(form, "catatan"),
        )
        self.flash(request, done)
        return RedirectResponse(f"/status?periode={periode}", status_code=303)

    async def archive_page(self, request: Request) -> Response:
        if denied := self.staff_only(request):
            return denied
        builds = await run_in_threadpool(views.builds, self.ws)
        return self.render(request, "arsip.html", builds=builds)

    async def archive_verify(self, request: Request, form: FormData) -> Response:
        if denied := self.staff_only(request):
            return denied
        builds = await run_in_threadpool(views.builds, self.ws)
        report = await run_in_threadpool(views.verify, self.ws)
        return self.render(request, "arsip.html", builds=builds, verifikasi=report)


def _text(form: FormData | None, key: str) -> str:
    value = form.get(key) if form is not None else None
    return value if isinstance(value, str) else ""


def _int(form: FormData, key: str) -> int:
    text = _text(form, key)
    if not text.strip().isdigit():
        raise WebError(f"Isian '{key}' harus berupa angka.")
    return int(text)


async def _chunks(upload: UploadFile) -> Any:
    while block := await upload.read(MB):
        yield block


def _zip(outputs: Path, files: list[Path]) -> Any:
    """The files in a zip, spooled to disk past a few megabytes; entries named relative to
    outputs/ with fixed times, in a fixed order."""
    spool = tempfile.SpooledTemporaryFile(max_size=16 * MB)  # noqa: SIM115 (closed by caller)
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(
                path.relative_to(outputs.resolve()).as_posix(), (1980, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    spool.seek(0)
    return spool
