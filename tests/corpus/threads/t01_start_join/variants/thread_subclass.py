"""A Thread subclass that keeps its own result; results are read after join()."""

import threading


class Call(threading.Thread):
    def __init__(self, func, args):
        super().__init__()
        self.func, self.args, self.result = func, args, None

    def run(self):
        self.result = self.func(*self.args)


def run_all(tasks):
    calls = [Call(func, args) for func, args in tasks]
    for call in calls:
        call.start()
    for call in calls:
        call.join()
    return [call.result for call in calls]
