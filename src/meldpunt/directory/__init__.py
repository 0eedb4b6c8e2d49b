"""The directory: police units, partner hotlines, hosting providers, API clients, domain rules.

It replaced the `partners` app and the capture app's provider records and domain rules. The
rows were copied over with their primary keys (directory migration 0002), the intake app's
foreign keys were pointed here (intake 0002), and the old tables were dropped (partners 0002,
capture 0005). `meldpunt.partners` stays behind as a migrations-only app, without models: data
directories made before the move still have its migrations in their history, and intake's
first migration depends on it. Moving the model instead (SeparateDatabaseAndState over the old
table) would have kept a `partners_partner` table under a directory model for ever; a copy
leaves each app owning tables named after it, at the cost of one short data migration.
"""
