"""What the bench scripts share about the binaries they measure: the release build that `scripts/install` installs,
and the lock every Swift build on the machine takes."""
import contextlib, fcntl, subprocess

# scripts/install's flags. The benches measure what a server runs (a static Swift runtime costs less CPU per
# transition than the shared libraries: docs/benchmarks.md, "What shaped the request path"), and share install's
# build folder: a build with other flags there compiles every module again.
# --no-color-diagnostics: SwiftPM otherwise colours (a flag on every compile command) only when it writes to a
# terminal, and scripts/install is run from one while the benches write to /dev/null.
FLAGS = ["-c", "release", "--static-swift-stdlib", "--no-color-diagnostics"]

# Two builds at once on this machine's two cores starve each other and whatever is measured beside them, so every
# build takes this lock (`flock /tmp/swiftbuild.lock swift build ...` by hand).
BUILD_LOCK = "/tmp/swiftbuild.lock"


@contextlib.contextmanager
def build_lock():
    """Holds the machine's build lock, waiting for a build that holds it, until the block ends."""
    with open(BUILD_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def swift_build(root, arguments):
    """`swift build ARGUMENTS` in `root` under the build lock; returns the folder that holds its products."""
    with build_lock():
        subprocess.run(["swift", "build", *arguments], cwd=root, check=True, stdout=subprocess.DEVNULL)
        return subprocess.run(["swift", "build", *arguments, "--show-bin-path"], cwd=root, check=True,
                              capture_output=True, text=True).stdout.strip()


def release_build(root, products):
    """Builds the products as scripts/install does (under the build lock, which is let go before anything is
    measured); returns the folder that holds them."""
    with build_lock():
        for product in products:
            subprocess.run(["swift", "build", *FLAGS, "--product", product], cwd=root, check=True,
                           stdout=subprocess.DEVNULL)
        return subprocess.run(["swift", "build", *FLAGS, "--show-bin-path"], cwd=root, check=True,
                              capture_output=True, text=True).stdout.strip()
