"""What the bench scripts share about a process: the CPU it has used so far, read from /proc."""
import os


def cpu_seconds(pid):
    """User + system seconds of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
