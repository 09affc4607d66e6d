"""The interest pages: who sees and answers what, the new-interest form and its refusals, the
list's fixed number of queries, and hostile input that never gives a server error."""

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerships.models import (
    MESSAGE_MAX_LENGTH,
    Interest,
    InterestDirection,
    InterestState,
    Match,
    QueueState,
)
from partnerships.models import VerificationState as State
from tests.partnerships.factories import make_firm, make_need, make_representative, make_umkm
from tests.partnerships.factories_interests import make_interest, make_match, make_pair
from tests.portal.accounts.html import assert_accessible_basics

pytestmark = pytest.mark.django_db

FROM_FIRM = InterestDirection.FROM_FIRM
FROM_UMKM = InterestDirection.FROM_UMKM
LIST = "/en/dashboard/interests/"
NEW = "/en/dashboard/interests/new/"


def detail(interest) -> str:
    return f"/en/dashboard/interests/{interest.pk}/"


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def pair():
    return make_pair(name="Keripik Tempe Bu Sri")


class TestList:
    def test_each_side_sees_what_it_received_and_sent(self, client, pair):
        need = make_need(pair.firm, title="Keripik singkong 200 g")
        make_interest(pair, direction=FROM_FIRM, need=need, message="Pesan dari pabrik")
        make_interest(pair, direction=FROM_UMKM, message="Pesan dari UMKM")
        text = signed_in(client, pair.representative).get(LIST).text
        received, sent = text.split('id="sent-heading"')
        assert "Pesan dari UMKM" in received
        assert "Pesan dari pabrik" in sent
        assert reverse("umkm_detail", args=[pair.umkm.pk]) in text
        assert "Keripik singkong 200 g" in sent
        assert "Waiting for an answer" in text
        text = signed_in(client, pair.owner).get(LIST).text
        received, sent = text.split('id="sent-heading"')
        assert "Pesan dari pabrik" in received
        assert "Pesan dari UMKM" in sent
        assert reverse("firm_detail", args=[pair.firm.pk]) in text

    def test_it_filters_by_state(self, client, pair):
        make_interest(pair, message="Masih menunggu")
        make_interest(
            pair, need=make_need(pair.firm), state=InterestState.DECLINED, message="Ditolak"
        )
        text = signed_in(client, pair.owner).get(LIST + "?state=declined").text
        assert "Ditolak" in text
        assert "Masih menunggu" not in text

    @pytest.mark.parametrize("value", ["bogus", "\x00", "9" * 300, "<script>"])
    def test_a_state_that_is_not_one_is_reported_and_everything_shown(self, client, pair, value):
        make_interest(pair, message="Masih menunggu")
        response = signed_in(client, pair.owner).get(LIST, {"state": value})
        assert response.status_code == 200
        assert "Masih menunggu" in response.text
        assert "is not one of the list" in response.text

    def test_another_partys_interests_are_not_listed(self, client, pair):
        make_interest(pair, message="Rahasia kita")
        other = make_pair()
        for user in (other.owner, other.representative):
            assert "Rahasia kita" not in signed_in(client, user).get(LIST).text

    @pytest.mark.parametrize("count", [1, 12])
    def test_its_queries_do_not_grow_with_the_interests(
        self, client, django_assert_num_queries, count
    ):
        pair = make_pair()
        for number in range(count):
            need = make_need(pair.firm)
            make_interest(
                pair,
                direction=FROM_FIRM,
                need=need,
                state=InterestState.ACCEPTED,
                match=make_match(pair, queue_state=QueueState.LEFT),
            )
            make_interest(pair, direction=FROM_UMKM, need=need if number else None)
        for user in (pair.owner, pair.representative):
            signed_in(client, user)
            # session, user, own party, interests
            with django_assert_num_queries(4):
                assert client.get(LIST).status_code == 200

    def test_officials_and_people_without_a_role_are_refused(self, client, official, outsider):
        for user in (official, outsider):
            assert signed_in(client, user).get(LIST).status_code == 403

    def test_visitors_are_asked_to_sign_in(self, client):
        response = client.get(LIST)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_a_representative_without_a_firm_is_sent_to_the_dashboard(
        self, client, firm_representative
    ):
        response = signed_in(client, firm_representative).get(LIST)
        assert response.status_code == 302
        assert response["Location"].endswith("/dashboard/")


class TestNew:
    def test_a_firm_sees_whom_it_writes_to_and_about_which_need(self, client, pair):
        need = make_need(pair.firm, title="Kemasan karton")
        response = signed_in(client, pair.representative).get(
            NEW, {"umkm": pair.umkm.pk, "need": need.pk}
        )
        assert response.status_code == 200
        assert "Send interest to Keripik Tempe Bu Sri" in response.text
        assert f'<option value="{need.pk}" selected>Kemasan karton</option>' in response.text
        assert f'maxlength="{MESSAGE_MAX_LENGTH}"' in response.text

    def test_an_umkm_owner_writes_to_a_firm_about_one_of_its_needs(self, client, pair):
        need = make_need(pair.firm, title="Kemasan karton")
        signed_in(client, pair.owner)
        url = f"{NEW}?firm={pair.firm.pk}&need={need.pk}"
        response = client.post(url, {"need": need.pk, "message": "  Kami bisa memasok.  "})
        interest = Interest.objects.get()
        assert response.status_code == 302
        assert response["Location"] == detail(interest)
        assert interest.direction == FROM_UMKM
        assert interest.need == need
        assert interest.message == "Kami bisa memasok."
        page = client.get(response["Location"])
        assert "Your interest is sent" in page.text

    def test_a_second_submit_lands_on_the_same_interest(self, client, pair):
        signed_in(client, pair.representative)
        url = f"{NEW}?umkm={pair.umkm.pk}"
        first = client.post(url, {"need": "", "message": "Halo"})
        second = client.post(url, {"need": "", "message": "Halo lagi"})
        assert first["Location"] == second["Location"]
        assert Interest.objects.count() == 1
        assert "already sent this interest" in client.get(second["Location"]).text

    def test_sending_while_the_other_side_waits_makes_a_match(self, client, pair):
        theirs = make_interest(pair, direction=FROM_FIRM)
        signed_in(client, pair.owner)
        response = client.post(f"{NEW}?firm={pair.firm.pk}", {"need": "", "message": "Ya!"})
        assert response["Location"] == detail(theirs)
        theirs.refresh_from_db()
        assert theirs.state == InterestState.ACCEPTED
        assert theirs.match.is_mutual

    def test_a_message_over_the_limit_keeps_what_was_typed(self, client, pair):
        typed = "Kami produsen keripik. " * 30  # 690 characters
        response = signed_in(client, pair.representative).post(
            f"{NEW}?umkm={pair.umkm.pk}", {"need": "", "message": typed}
        )
        assert response.status_code == 200
        assert "At most 500 characters, please; this has 689." in response.text
        assert typed.strip() in response.text
        assert not Interest.objects.exists()

    def test_a_blank_message_is_refused(self, client, pair):
        response = signed_in(client, pair.representative).post(
            f"{NEW}?umkm={pair.umkm.pk}", {"need": "", "message": "   "}
        )
        assert "Write a short message" in response.text
        assert not Interest.objects.exists()

    def test_a_need_that_closed_meanwhile_is_refused_next_to_the_form(self, client, pair):
        need = make_need(pair.firm)
        signed_in(client, pair.owner)
        need.state = "closed"
        need.closed_at = need.created_at
        need.save()
        response = client.post(f"{NEW}?firm={pair.firm.pk}", {"need": need.pk, "message": "Halo"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert "Halo" in response.text
        assert not Interest.objects.exists()

    @pytest.mark.parametrize(
        ("who", "target", "message"),
        [
            ("owner", "own_umkm", "your own business"),
            ("owner", "other_umkm", "not to another UMKM"),
            ("representative", "own_firm", "your own firm"),
            ("representative", "other_firm", "not to another firm"),
        ],
    )
    def test_it_refuses_ones_own_party_and_a_party_of_the_same_kind(
        self, client, pair, who, target, message
    ):
        query = {
            "own_umkm": {"umkm": pair.umkm.pk},
            "other_umkm": {"umkm": make_umkm(state=State.VERIFIED).pk},
            "own_firm": {"firm": pair.firm.pk},
            "other_firm": {"firm": make_firm(state=State.VERIFIED).pk},
        }[target]
        signed_in(client, getattr(pair, who))
        for response in (
            client.get(NEW, query),
            client.post(
                f"{NEW}?{'&'.join(f'{k}={v}' for k, v in query.items())}", {"message": "Hi"}
            ),
        ):
            assert response.status_code == 403
            assert message in response.text
        assert not Interest.objects.exists()

    def test_an_unverified_sender_is_told_why(self, client):
        pair = make_pair(umkm_state=State.SUBMITTED)
        signed_in(client, pair.owner)
        response = client.post(f"{NEW}?firm={pair.firm.pk}", {"message": "Halo"})
        assert response.status_code == 403
        assert "must be verified" in response.text
        assert not Interest.objects.exists()

    def test_an_unverified_receiver_is_not_there(self, client):
        pair = make_pair(umkm_state=State.SUBMITTED)
        signed_in(client, pair.representative)
        assert client.get(NEW, {"umkm": pair.umkm.pk}).status_code == 404

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "umkm=",
            "umkm=abc",
            "umkm=-1",
            "umkm=0",
            "umkm=1e3",
            "umkm=%00",
            "umkm=" + "9" * 30,
            "umkm=999999999",
            "umkm=١٢",
            "umkm={umkm}&firm={firm}",
            "umkm={umkm}&need=abc",
            "umkm={umkm}&need=999999999",
            "umkm={umkm}&need={other_need}",
        ],
    )
    def test_hostile_ids_are_not_found(self, client, pair, query):
        other_need = make_need(make_firm(state=State.VERIFIED))
        query = query.format(umkm=pair.umkm.pk, firm=pair.firm.pk, other_need=other_need.pk)
        signed_in(client, pair.representative)
        assert client.get(f"{NEW}?{query}").status_code == 404
        assert client.post(f"{NEW}?{query}", {"message": "Halo"}).status_code == 404
        assert not Interest.objects.exists()

    @pytest.mark.parametrize("value", ["abc", "-1", "\x00", "9" * 40, "<b>", "1.5"])
    def test_hostile_form_values_never_give_a_server_error(self, client, pair, value):
        signed_in(client, pair.representative)
        response = client.post(f"{NEW}?umkm={pair.umkm.pk}", {"need": value, "message": value})
        assert response.status_code == 200
        assert not Interest.objects.exists()

    def test_officials_do_not_send_interest(self, client, pair, official):
        signed_in(client, official)
        assert client.get(NEW, {"umkm": pair.umkm.pk}).status_code == 403


class TestDetail:
    def test_both_sides_see_the_interest(self, client, pair):
        interest = make_interest(pair, message="Kami butuh 5.000 bungkus")
        for user in (pair.owner, pair.representative, make_representative(pair.firm).user):
            response = signed_in(client, user).get(detail(interest))
            assert response.status_code == 200
            assert "Kami butuh 5.000 bungkus" in response.text

    def test_the_receiver_gets_the_answers_and_the_sender_the_withdrawal(self, client, pair):
        interest = make_interest(pair, direction=FROM_FIRM)
        text = signed_in(client, pair.owner).get(detail(interest)).text
        assert reverse("interest_accept", args=[interest.pk]) in text
        assert reverse("interest_decline", args=[interest.pk]) in text
        assert reverse("interest_withdraw", args=[interest.pk]) not in text
        text = signed_in(client, pair.representative).get(detail(interest)).text
        assert reverse("interest_accept", args=[interest.pk]) not in text
        assert reverse("interest_withdraw", args=[interest.pk]) in text

    def test_anybody_else_finds_nothing(self, client, pair, official, outsider):
        interest = make_interest(pair)
        other = make_pair()
        for user in (official, outsider, other.owner, other.representative):
            assert signed_in(client, user).get(detail(interest)).status_code == 404

    @pytest.mark.parametrize("pk", ["0", "9" * 18, "9" * 25])
    def test_hostile_ids_are_not_found(self, client, pair, pk):
        signed_in(client, pair.owner)
        assert client.get(f"/en/dashboard/interests/{pk}/").status_code == 404
        assert client.post(f"/en/dashboard/interests/{pk}/accept/").status_code == 404
        assert client.post(f"/en/dashboard/matches/{pk}/leave/").status_code == 404

    def test_a_pending_interest_past_its_expiry_shows_as_expired(self, client, pair):
        interest = make_interest(pair, sent_days_ago=20)
        text = signed_in(client, pair.owner).get(detail(interest)).text
        assert "Expired on" in text
        assert reverse("interest_accept", args=[interest.pk]) not in text


class TestAnswers:
    def test_the_receiver_accepts_and_sees_the_queue(self, client, pair):
        interest = make_interest(pair, direction=FROM_UMKM)
        signed_in(client, pair.representative)
        response = client.post(reverse("interest_accept", args=[interest.pk]))
        assert response["Location"] == reverse("interest_detail", args=[interest.pk])
        interest.refresh_from_db()
        assert interest.state == InterestState.ACCEPTED
        text = client.get(detail(interest)).text
        assert "Waiting for a session" in text
        assert reverse("match_leave", args=[interest.match.pk]) in text

    @pytest.mark.parametrize("action", ["interest_accept", "interest_decline"])
    def test_the_sender_cannot_answer(self, client, pair, action):
        interest = make_interest(pair, direction=FROM_FIRM)
        signed_in(client, pair.representative)
        assert client.post(reverse(action, args=[interest.pk])).status_code == 403
        interest.refresh_from_db()
        assert interest.state == InterestState.PENDING
        assert not Match.objects.exists()

    @pytest.mark.parametrize("action", ["interest_accept", "interest_decline", "interest_withdraw"])
    def test_a_stranger_finds_nothing_to_answer(self, client, pair, action):
        interest = make_interest(pair, direction=FROM_FIRM)
        other = make_pair()
        for user in (other.owner, other.representative):
            assert (
                signed_in(client, user).post(reverse(action, args=[interest.pk])).status_code == 404
            )
        interest.refresh_from_db()
        assert interest.state == InterestState.PENDING

    def test_the_receiver_cannot_withdraw(self, client, pair):
        interest = make_interest(pair, direction=FROM_FIRM)
        signed_in(client, pair.owner)
        assert client.post(reverse("interest_withdraw", args=[interest.pk])).status_code == 403
        interest.refresh_from_db()
        assert interest.state == InterestState.PENDING

    @pytest.mark.parametrize("action", ["interest_accept", "interest_decline", "interest_withdraw"])
    def test_answers_are_posted_only(self, client, pair, action):
        interest = make_interest(pair)
        signed_in(client, pair.owner)
        assert client.get(reverse(action, args=[interest.pk])).status_code == 405

    def test_answers_need_the_csrf_token(self, pair):
        interest = make_interest(pair, direction=FROM_FIRM)
        client = Client(enforce_csrf_checks=True)
        client.force_login(pair.owner)
        assert client.post(reverse("interest_accept", args=[interest.pk])).status_code == 403
        interest.refresh_from_db()
        assert interest.state == InterestState.PENDING

    def test_the_receiver_declines_with_a_reason(self, client, pair):
        interest = make_interest(pair, direction=FROM_FIRM)
        signed_in(client, pair.owner)
        client.post(
            reverse("interest_decline", args=[interest.pk]), {"decline-reason": "Kapasitas penuh"}
        )
        interest.refresh_from_db()
        assert interest.state == InterestState.DECLINED
        assert interest.decline_reason == "Kapasitas penuh"
        assert (
            "Kapasitas penuh" in signed_in(client, pair.representative).get(detail(interest)).text
        )

    @translation.override("en")  # reverse() gives the /en/ pages, which say it in English
    def test_a_reason_over_the_limit_keeps_what_was_typed(self, client, pair):
        interest = make_interest(pair, direction=FROM_FIRM)
        typed = "Maaf, " * 100
        response = signed_in(client, pair.owner).post(
            reverse("interest_decline", args=[interest.pk]), {"decline-reason": typed}
        )
        assert response.status_code == 400
        assert "At most 500 characters" in response.text
        assert typed.strip() in response.text
        interest.refresh_from_db()
        assert interest.state == InterestState.PENDING

    @translation.override("en")  # reverse() gives the /en/ pages, which say it in English
    def test_an_answer_to_an_interest_no_longer_pending_says_so(self, client, pair):
        interest = make_interest(pair, direction=FROM_FIRM, state=InterestState.WITHDRAWN)
        signed_in(client, pair.owner)
        response = client.post(reverse("interest_accept", args=[interest.pk]), follow=True)
        assert "The sender withdrew this interest." in response.text
        assert not Match.objects.exists()

    def test_the_sender_withdraws(self, client, pair):
        interest = make_interest(pair, direction=FROM_UMKM)
        signed_in(client, pair.owner).post(reverse("interest_withdraw", args=[interest.pk]))
        interest.refresh_from_db()
        assert interest.state == InterestState.WITHDRAWN


class TestLeavingTheQueue:
    def accepted(self, pair):
        match = make_match(pair)
        interest = make_interest(
            pair, direction=FROM_FIRM, state=InterestState.ACCEPTED, match=match
        )
        return interest, match

    def test_a_side_leaves_the_queue_saying_why(self, client, pair):
        interest, match = self.accepted(pair)
        response = signed_in(client, pair.owner).post(
            reverse("match_leave", args=[match.pk]), {"leave-reason": "Sudah sepakat langsung"}
        )
        assert response["Location"] == reverse("interest_detail", args=[interest.pk])
        match.refresh_from_db()
        assert match.queue_state == QueueState.LEFT
        assert match.left_reason == "Sudah sepakat langsung"
        text = client.get(detail(interest)).text
        assert "Left the queue" in text
        assert reverse("match_leave", args=[match.pk]) not in text

    @translation.override("en")  # reverse() gives the /en/ pages, which say it in English
    def test_leaving_without_a_reason_is_refused(self, client, pair):
        _interest, match = self.accepted(pair)
        response = signed_in(client, pair.representative).post(
            reverse("match_leave", args=[match.pk]), {"leave-reason": "  "}
        )
        assert response.status_code == 400
        assert "Say why you leave the queue." in response.text
        match.refresh_from_db()
        assert match.queue_state == QueueState.WAITING

    def test_a_stranger_finds_no_match(self, client, pair, official):
        _interest, match = self.accepted(pair)
        other = make_pair()
        for user in (other.owner, other.representative, official):
            response = signed_in(client, user).post(
                reverse("match_leave", args=[match.pk]), {"leave-reason": "Iseng"}
            )
            assert response.status_code == 404
        match.refresh_from_db()
        assert match.queue_state == QueueState.WAITING

    @translation.override("en")  # reverse() gives the /en/ pages, which say it in English
    def test_leaving_twice_says_so(self, client, pair):
        _interest, match = self.accepted(pair)
        signed_in(client, pair.owner)
        client.post(reverse("match_leave", args=[match.pk]), {"leave-reason": "Satu"})
        response = client.post(
            reverse("match_leave", args=[match.pk]), {"leave-reason": "Dua"}, follow=True
        )
        assert "already left the queue" in response.text
        match.refresh_from_db()
        assert match.left_reason == "Satu"


def test_every_page_has_one_heading_and_labelled_fields(client, pair):
    need = make_need(pair.firm)
    pending = make_interest(pair, direction=FROM_FIRM, need=need)
    accepted = make_interest(
        pair, direction=FROM_UMKM, state=InterestState.ACCEPTED, match=make_match(pair)
    )
    signed_in(client, pair.owner)
    for url in (
        LIST,
        f"{NEW}?firm={pair.firm.pk}&need={need.pk}",
        detail(pending),
        detail(accepted),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_accessible_basics(response)


class TestProfileLinks:
    def test_a_verified_firms_representative_gets_a_link_on_an_umkm_profile(self, client, pair):
        url = f"{reverse('interest_new')}?umkm={pair.umkm.pk}"
        assert url in signed_in(client, pair.representative).get(f"/umkm/{pair.umkm.pk}/").text
        unverified = make_representative(make_firm(state=State.SUBMITTED)).user
        assert url not in signed_in(client, unverified).get(f"/umkm/{pair.umkm.pk}/").text
        assert (
            url
            not in signed_in(client, make_umkm(state=State.VERIFIED).owner)
            .get(f"/umkm/{pair.umkm.pk}/")
            .text
        )

    def test_a_verified_umkms_owner_gets_a_link_on_a_firm_and_a_need(self, client, pair):
        need = make_need(pair.firm)
        signed_in(client, pair.owner)
        firm_url = f"{reverse('interest_new')}?firm={pair.firm.pk}"
        assert firm_url in client.get(f"/firms/{pair.firm.pk}/").text
        need_url = f"{firm_url}&amp;need={need.pk}"
        assert need_url in client.get(f"/needs/{need.pk}/").text
        signed_in(client, pair.representative)
        assert firm_url not in client.get(f"/firms/{pair.firm.pk}/").text
        assert firm_url not in client.get(f"/needs/{need.pk}/").text

    def test_a_firm_links_to_an_umkm_about_one_of_its_own_open_needs(self, rf, pair):
        own = make_need(pair.firm)
        closed = make_need(pair.firm, state="closed", closed_at=own.created_at)
        foreign = make_need(make_firm(state=State.VERIFIED))
        request = rf.get("/")
        request.user = pair.representative
        template = Template("{% load interests %}{% interest_new_url umkm need %}")
        base = f"{reverse('interest_new')}?umkm={pair.umkm.pk}"

        def link(need):
            return template.render(Context({"request": request, "umkm": pair.umkm, "need": need}))

        assert link(own) == f"{base}&amp;need={own.pk}"
        assert link(closed) == base
        assert link(foreign) == base

    def test_visitors_get_no_link(self, client, pair):
        assert reverse("interest_new") not in client.get(f"/umkm/{pair.umkm.pk}/").text
        assert reverse("interest_new") not in client.get(f"/firms/{pair.firm.pk}/").text
