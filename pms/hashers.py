"""The password and signing-PIN hash: Argon2id with parameters chosen for this workload.

Django's Argon2 default (t=2, m=100 MiB, p=8) costs ~120 ms of CPU per verification on a
2-core onboard server. Every signed step verifies a secret (a PIN costs two: the password is
tried first), so under a crew's burst of completions the hash, not the work, queued the
other users' requests. OWASP's password-storage guidance lists m=19 MiB, t=2, p=1 as the
minimum Argon2id configuration; that is what this uses. A 6-digit PIN has 10^6 values, which
no hash cost can make expensive to search offline; what protects it is the lockout (five
wrong secrets lock signing, SECURITY.md), and a stolen database still needs the per-hash salt
and 19 MiB per guess. The measurement is in SECURITY.md.

The algorithm name stays `argon2`, so hashes made with other parameters (Django's default,
before this class) still verify, and `must_update` sees the parameters differ: the password
is rehashed at the next login or signature (Django's `check_password` setter) and the PIN at
its next successful use (`User.check_signing_pin`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PMSArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
