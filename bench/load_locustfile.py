"""Locust scenario of `bench/load_bench.py`: an agent's mixed workload (not run by the tests).

Each simulated agent has its own session (created by the setup step, in LOAD_DATA's JSON) and
its own pool of unread requests to mark read, so that every successful "mark read" must leave
exactly one more row with `read_at` set: the bench compares the two counts afterwards.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, constant, events, task

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
PHASE = os.environ.get("LOAD_PHASE", "mixed")
USER_INDEX = itertools.count()
CSRF = "benchcsrfsecretbenchcsrfsecret12"  # 32 characters: an unmasked CSRF secret
CONFIRMED: list[int] = []  # requests whose "mark read" POST got its redirect


class Agent(HttpUser):
    wait_time = constant(0)  # closed loop: each agent sends its next request at once

    def on_start(self):
        index = next(USER_INDEX) % len(DATA["agents"])
        agent = DATA["agents"][index]
        self.client.cookies.set("sessionid", agent["session"])
        self.client.cookies.set("csrftoken", CSRF)
        self.to_mark = list(agent["unread"])
        self.random = random.Random(index)  # noqa: S311 - load pattern, not a secret

    def get(self, url, name, expected):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200 or expected not in r.text:
                r.failure(f"{r.status_code}, expected text missing")

    @task(3)
    def request_list(self):
        if PHASE == "bare":
            return self.get("/bench/bare/", "bare template page", "Bench")
        page = self.random.randint(1, 5)
        self.get(f"/demandes-cpas-online/?page={page}", "request list", "demandes trouv")

    @task(2)
    def request_filter(self):
        if PHASE == "bare":
            return self.get("/bench/bare/", "bare template page", "Bench")
        query = self.random.choice(DATA["filters"])
        self.get(f"/demandes-cpas-online/?{query}", "request list, filtered", "trouv")

    @task(3)
    def request_details(self):
        if PHASE == "bare":
            return self.get("/bench/bare/", "bare template page", "Bench")
        pk = self.random.choice(DATA["details"])
        self.get(f"/demandes-cpas-online/{pk}/", "request details", "Marquer comme")

    @task(1)
    def mark_read(self):
        if PHASE == "bare":
            return self.get("/bench/bare/", "bare template page", "Bench")
        if not self.to_mark:
            return
        pk = self.to_mark.pop()
        with self.client.post(
            f"/demandes-cpas-online/{pk}/lue/",
            data={"csrfmiddlewaretoken": CSRF},
            headers={"Referer": self.host + f"/demandes-cpas-online/{pk}/"},
            name="mark read (POST)",
            catch_response=True,
            allow_redirects=False,
        ) as r:
            if r.status_code != 302:
                r.failure(f"{r.status_code}")
            else:
                CONFIRMED.append(pk)

    @task(2)
    def phonetic_search(self):
        if PHASE == "bare":
            return self.get("/bench/bare/", "bare template page", "Bench")
        query = self.random.choice(DATA["phonetic"])
        self.get(f"/dossiers/nouveau/?{query}", "phonetic search", "Identification")

    @task(1)
    def dossier_page(self):
        if PHASE == "bare":
            return self.get("/bench/bare/", "bare template page", "Bench")
        pk = self.random.choice(DATA["dossiers"])
        self.get(f"/dossiers/{pk}/", "dossier page", "dossier")


@events.quitting.add_listener
def _exit_code(environment, **_kwargs):
    # The bench itself judges errors from the stats; locust's own exit code stays 0.
    environment.process_exit_code = 0
    if os.environ.get("LOAD_MARKED"):
        with open(os.environ["LOAD_MARKED"], "w", encoding="utf-8") as handle:
            json.dump(CONFIRMED, handle)
