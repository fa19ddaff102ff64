AXEMA_BEAT: dict = {}
