from app import celery


def add(x, y):
    return celery.name, x + y
