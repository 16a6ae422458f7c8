def active_profile(request):
    return {"active_profile": getattr(request, "profile", None)}
