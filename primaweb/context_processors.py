from primaweb.version import project_version, release


def active_profile(request):
    """The agent's active profile, and the project's version the header and footer show."""
    version = project_version()
    return {
        "active_profile": getattr(request, "profile", None),
        "primaweb_version": version,
        "primaweb_release": release(version),
    }
