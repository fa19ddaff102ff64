axema_services: list = []
