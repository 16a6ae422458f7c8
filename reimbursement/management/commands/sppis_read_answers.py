from django.core.management.base import BaseCommand

from reimbursement.services import answers_read


class Command(BaseCommand):
    help = (
        "Reads the SPP IS's new answers and copies them onto their forms (a cron job, every "
        "minute: sending a form also reads them). Running it twice reads nothing twice."
    )

    def handle(self, *args, **options):
        count = answers_read()
        self.stdout.write(f"{count} answer(s) read.")
