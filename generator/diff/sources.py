"""Where a spec to diff comes from: a file, or `git-ref:path` read with `git show`; and the base to diff against.

Also the package a commit committed for its spec (its `generated/`, read with `git archive`), for the Python view.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import tarfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator import spec_index
from generator.layout import PACKAGE
from generator.problems import Problem, StepFailedError

if TYPE_CHECKING:
    from pathlib import Path

# The branch the no-argument `diff` compares with: the first of these that git knows.
MAIN_BRANCHES = ("main", "origin/main")


@dataclass(frozen=True)
class Source:
    """A loaded spec: how the user named it, its text, and its parsed data."""

    label: str
    text: str
    data: dict[str, Any]
    # The commit it was read from (None: a file), and its SHA-256 as the manifest of generated/ hashes it.
    ref: str | None = None
    sha256: str = ""
    # The line of every node (for annotations at a change's line).
    index: spec_index.SpecIndex | None = None


@dataclass(frozen=True)
class Base:
    """The commit the working tree's spec is compared with, and how it was found."""

    commit: str
    how: str


def load(spec: str, cwd: Path) -> Source | Problem:
    """Load `spec`: a file (relative to `cwd`), or else `REF:path` from git (a path relative to the repository)."""
    path = cwd / spec
    if path.is_file() or ":" not in spec:
        return load_file(path, spec)
    ref, _, inner = spec.partition(":")
    return load_git(ref, inner, cwd, spec)


def load_file(path: Path, label: str) -> Source | Problem:
    """Load a spec file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Problem(file=label, message=f"cannot read the spec: {error}")
    return _parse(raw, label, None)


def load_git(ref: str, path: str, cwd: Path, label: str | None = None) -> Source | Problem:
    """Load the spec at `path` as of the commit `ref` (`./path` is relative to `cwd`, as git reads it)."""
    shown = label or f"{ref}:{path}"
    result = _git_bytes(["show", f"{ref}:{path}"], cwd)
    if result.returncode != 0:
        return Problem(file=shown, message=f"git show failed: {_one_line(result.stderr)}")
    return _parse(result.stdout, shown, ref)


def committed_package(source: Source, root: Path, destination: Path) -> Path | str:
    """Extract the package `source.ref` committed in generated/ into `destination`, when it was made from this spec.

    Returns the package's directory, or why there is none to use: no git ref, no committed package, or a package
    whose manifest names another spec (its `spec_sha256` is not this spec's hash). `root` is the checkout, whose
    generated/ is looked up at the same place in the commit.
    """
    if source.ref is None:
        return "a file, not a commit"
    tree = f"{source.ref}:./generated/{PACKAGE}"
    shown = f"{source.ref}:generated/{PACKAGE}"
    manifest = _git_bytes(["show", f"{tree}/_manifest.json"], root)
    if manifest.returncode != 0:
        return f"{shown} has no committed package (no _manifest.json)"
    try:
        recorded = json.loads(manifest.stdout).get("spec_sha256")
    except (ValueError, AttributeError):
        return f"{shown}/_manifest.json is not a JSON object"
    if recorded != source.sha256:
        return f"{shown} was not made from {source.label} (its manifest's spec_sha256 is another spec's)"
    return _extract(tree, shown, root, destination)


def merge_base(root: Path) -> Base | None:
    """Find the merge-base of HEAD with main (or origin/main), else HEAD itself; None outside a git repository."""
    for branch in MAIN_BRANCHES:
        result = _git(["merge-base", "HEAD", branch], root)
        if result.returncode == 0 and result.stdout.strip():
            return Base(commit=result.stdout.strip(), how=f"the merge-base of HEAD and {branch}")
    result = _git(["rev-parse", "--verify", "--quiet", "HEAD"], root)
    if result.returncode == 0 and result.stdout.strip():
        return Base(commit=result.stdout.strip(), how="HEAD (no main branch to compare with)")
    return None


def _extract(tree: str, shown: str, root: Path, destination: Path) -> Path | str:
    """Extract a committed tree into `destination`/iqm_finance_client with `git archive`; or say why it failed."""
    archive = _git_bytes(["archive", "--format=tar", tree], root)
    if archive.returncode != 0:
        return f"git archive {tree} failed: {_one_line(archive.stderr)}"
    package = destination / PACKAGE
    package.mkdir(parents=True)
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(package, filter="data")  # the data filter refuses absolute paths, `..` and links out
    except (tarfile.TarError, OSError) as error:
        return f"cannot extract {shown}: {error}"
    return package


def _git_bytes(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run git, capturing its output as bytes (a spec's own, undecoded); a missing git is a failed run."""
    try:
        return subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        return subprocess.CompletedProcess(["git", *arguments], 127, b"", str(error).encode())


def _one_line(output: bytes) -> str:
    """Put a tool's error output on one line."""
    return " ".join(output.decode("utf-8", errors="replace").split())


def _git(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run git, capturing its output; a missing git is a failed run, not an exception."""
    try:
        return subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as error:
        return subprocess.CompletedProcess(["git", *arguments], 127, "", str(error))


def _parse(raw: bytes, label: str, ref: str | None) -> Source | Problem:
    """Parse a spec's bytes as the generator does (UTF-8, ruamel, YAML 1.2); what fails is the problem returned."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Problem(file=label, message=f"cannot read the spec: not UTF-8: {error}")
    try:
        parsed = spec_index.parse(text.replace("\r\n", "\n"), label)
    except StepFailedError as error:
        return error.problems[0]
    except RecursionError:
        return Problem(file=label, line=1, message="the spec is nested too deeply to read")
    except Exception as error:  # noqa: BLE001 - the diff's boundary: a parser crash is a finding about this spec
        return Problem(
            file=label, message=f"cannot parse the spec: {type(error).__name__}: {_one_line(str(error).encode())}"
        )
    # The hash generated/_manifest.json records for its spec: SHA-256 with CRLF read as LF (manifest._text_hash).
    digest = hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()
    return Source(label=label, text=text, data=parsed.data, ref=ref, sha256=digest, index=parsed)
