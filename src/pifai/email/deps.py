"""``MailerDep`` for routes that send messages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header

from pifai.api.deps import DatabaseDep, QueueDep, SettingsDep
from pifai.email.mailer import Mailer


def get_mailer(db: DatabaseDep, queue: QueueDep, settings: SettingsDep) -> Mailer:
    return Mailer(db=db, queue=queue, settings=settings)


MailerDep = Annotated[Mailer, Depends(get_mailer)]
# The browser's language list, for messages when the body names no language.
AcceptLanguage = Annotated[str | None, Header(include_in_schema=False)]
