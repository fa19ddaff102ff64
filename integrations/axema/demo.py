def seed_company(company, *, admin_user) -> dict:
    return {}
