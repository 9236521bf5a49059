"""`flask accounts add|list|delete|sync` for admins and scripts."""
import json

from tests.fixtures.messages import make_message


def add_args(mail_server, owner_email, login, **extra):
    args = ["accounts", "add", "--owner", owner_email, "--login", login, "--host", "localhost",
            "--port", str(mail_server.imap_port), "--security", "plain", "--visibility", "managers",
            "--password-stdin"]
    for key, value in extra.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    return args


def test_add_list_sync_delete(runner, mail_server, make_user):
    owner = make_user(email="anna@example.com")
    login = mail_server.add_user()
    mail_server.append(login, make_message(subject="From the CLI"))
    added = runner.invoke(args=add_args(mail_server, owner.email, login, since_days=365), input="secret-pass\n")
    assert added.exit_code == 0, added.output
    account_id = int(added.output.strip())
    synced = runner.invoke(args=["accounts", "sync", str(account_id), "--wait", "--json"])
    assert synced.exit_code == 0, synced.output
    assert json.loads(synced.output) == {"imported": 1, "duplicate": 0, "skipped": 0, "failed": 0, "error": None}
    listed = json.loads(runner.invoke(args=["accounts", "list", "--json"]).output)
    assert listed == [{"id": account_id, "login": login, "owner": "anna@example.com", "status": "active",
                       "fetched": 1, "assigned": 0, "last_sync": listed[0]["last_sync"]}]
    assert listed[0]["last_sync"] and "T" in listed[0]["last_sync"]
    text = runner.invoke(args=["accounts", "list"]).output
    assert text.startswith(f"{account_id}\t{login}\tanna@example.com\tactive\t1\t0\t")
    deleted = runner.invoke(args=["accounts", "delete", str(account_id)])
    assert deleted.exit_code == 0 and "1 messages removed" in deleted.output
    assert json.loads(runner.invoke(args=["accounts", "list", "--json"]).output) == []


def test_add_refuses_with_the_same_plain_words_as_the_form(runner, mail_server, make_user):
    owner = make_user()
    result = runner.invoke(args=add_args(mail_server, owner.email, mail_server.add_user()), input="wrong\n")
    assert result.exit_code != 0 and "Wrong login or password." in result.output
    unknown = runner.invoke(args=add_args(mail_server, "ghost@example.com", "x@example.com"), input="x\n")
    assert unknown.exit_code != 0 and "ghost@example.com" in unknown.output


def test_sync_of_a_missing_account(runner):
    result = runner.invoke(args=["accounts", "sync", "999"])
    assert result.exit_code != 0 and "No account" in result.output
