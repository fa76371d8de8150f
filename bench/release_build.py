"""What the bench scripts share about the binaries they measure: the release build that `scripts/install` installs."""
import subprocess

# scripts/install's flags. The benches measure what a server runs (a static Swift runtime costs less CPU per
# transition than the shared libraries: docs/benchmarks.md, "What shaped the request path"), and share install's
# build folder: a build with other flags there compiles every module again.
FLAGS = ["-c", "release", "--static-swift-stdlib"]


def release_build(root, products):
    """Builds the products as scripts/install does; returns the folder that holds them."""
    for product in products:
        subprocess.run(["swift", "build", *FLAGS, "--product", product], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
    return subprocess.run(["swift", "build", *FLAGS, "--show-bin-path"], cwd=root, check=True, capture_output=True,
                          text=True).stdout.strip()
