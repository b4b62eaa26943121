"""Modern English SMS by domain, written for this project (2026-12-07, session 18): the trainer's ``spam_en`` head
otherwise learns only from the UCI (2000s UK) and smishing (Indian, 2010s) corpora, whose ham is chat between
people and whose spam is where amounts, links, reference numbers and hotlines live. A model trained on them alone
called a GP's reminder, a water bill, a bank's debit alert and a flight change 80-100% unwanted.

Each domain's notices come with the scams that imitate them (the same brands, but a look-alike domain, a fee, a
deadline, a reply to unlock), ads from the same senders, and everyday texts between people that carry amounts,
links and times, so that none of those features decides alone. Brands are (name, own domain, hotline, currency).
"""

from __future__ import annotations

import random

BANKS = [
    ("Barclays", "barclays.co.uk", "0345 734 5345", "£"), ("NatWest", "natwest.com", "03457 888 444", "£"),
    ("Lloyds", "lloydsbank.com", "0345 300 0000", "£"), ("HSBC", "hsbc.co.uk", "03457 404 404", "£"),
    ("Santander", "santander.co.uk", "0800 9 123 123", "£"), ("Monzo", "monzo.com", "0800 802 1281", "£"),
    ("Chase", "chase.com", "1-800-935-9935", "$"), ("Wells Fargo", "wellsfargo.com", "1-800-869-3557", "$"),
    ("Bank of America", "bankofamerica.com", "1-800-432-1000", "$"), ("Capital One", "capitalone.com",
                                                                          "1-800-227-4825", "$"),
    ("HDFC Bank", "hdfcbank.com", "1800 202 6161", "Rs."), ("SBI", "sbi.co.in", "1800 1234", "Rs."),
    ("ICICI Bank", "icicibank.com", "1800 1080", "Rs."), ("DBS", "dbs.com.sg", "1800 111 1111", "SGD "),
    ("CommBank", "commbank.com.au", "13 2221", "$"), ("ANZ", "anz.com.au", "13 13 14", "$"),
]
UTILITIES = [
    ("British Gas", "britishgas.co.uk", "0333 202 9802", "£"), ("Octopus Energy", "octopus.energy",
                                                                "0808 164 1088", "£"),
    ("EDF", "edfenergy.com", "0333 200 5100", "£"), ("Thames Water", "thameswater.co.uk", "0800 316 9800", "£"),
    ("Severn Trent", "stwater.co.uk", "0345 750 0500", "£"), ("Con Edison", "coned.com", "1-800-752-6633", "$"),
    ("PG&E", "pge.com", "1-800-743-5000", "$"), ("AGL", "agl.com.au", "131 245", "$"),
    ("Tata Power", "tatapower.com", "1800 209 5161", "Rs."),
]
CARRIERS = [
    ("EE", "ee.co.uk", "150", "£"), ("Vodafone", "vodafone.co.uk", "191", "£"), ("O2", "o2.co.uk", "202", "£"),
    ("Three", "three.co.uk", "333", "£"), ("BT", "bt.com", "0800 800 150", "£"), ("Sky", "sky.com",
                                                                                "0333 759 5715", "£"),
    ("Verizon", "vzw.com", "611", "$"), ("T-Mobile", "t-mobile.com", "611", "$"), ("AT&T", "att.com", "611", "$"),
    ("Jio", "jio.com", "199", "Rs."), ("Airtel", "airtel.in", "121", "Rs."), ("Singtel", "singtel.com",
                                                                              "1688", "SGD "),
    ("Telstra", "telstra.com.au", "13 22 00", "$"),
]
COURIERS = [
    ("Royal Mail", "royalmail.com"), ("DPD", "dpd.co.uk"), ("Evri", "evri.com"), ("Yodel", "yodel.co.uk"),
    ("UPS", "ups.com"), ("FedEx", "fedex.com"), ("USPS", "usps.com"), ("Amazon", "amazon.co.uk"),
    ("Australia Post", "auspost.com.au"), ("Delhivery", "delhivery.com"), ("Canada Post", "canadapost.ca"),
    ("An Post", "anpost.com"),
]
SHOPS = [
    ("Amazon", "amazon.co.uk"), ("Argos", "argos.co.uk"), ("John Lewis", "johnlewis.com"), ("ASOS", "asos.com"),
    ("Tesco", "tesco.com"), ("Target", "target.com"), ("Best Buy", "bestbuy.com"), ("Walmart", "walmart.com"),
    ("Flipkart", "flipkart.com"), ("Myntra", "myntra.com"), ("Currys", "currys.co.uk"), ("IKEA", "ikea.com"),
]
TRAVEL = [
    ("British Airways", "ba.com", "BA"), ("easyJet", "easyjet.com", "U2"), ("Ryanair", "ryanair.com", "FR"),
    ("United", "united.com", "UA"), ("Delta", "delta.com", "DL"), ("American Airlines", "aa.com", "AA"),
    ("IndiGo", "goindigo.in", "6E"), ("Air India", "airindia.com", "AI"), ("Qantas", "qantas.com", "QF"),
    ("Singapore Airlines", "singaporeair.com", "SQ"), ("Aer Lingus", "aerlingus.com", "EI"),
]
CLINICS = ["Oak Tree Medical Centre", "Riverside Surgery", "Smile Dental", "Park Lane Dental", "Boots Pharmacy",
           "CVS Pharmacy", "Walgreens", "St Mary's Hospital", "Apollo Clinic", "Green Lane Vets", "Specsavers",
           "Kwik Fit", "City Physio", "the eye clinic", "Lakeside Pediatrics", "Fairfax County Public Schools",
           "St Anne's Primary", "PureGym", "LIC", "E-ZPass", "Linkt", "UIDAI", "Maple Grove School"]
PEOPLE = ["Sarah", "Tom", "Priya", "Dave", "Emma", "Raj", "Lucy", "Mark", "Anita", "Chris", "Jess", "Liam", "Aisha",
          "Ben", "Chloe", "Arjun", "Mia", "Sam", "Olivia", "Jack"]
SCAM_TLDS = ["top", "vip", "icu", "xyz", "click", "help", "info", "online", "site", "live", "cc", "shop", "sbs",
             "cyou", "bond", "support"]

# {b} brand, {d} its domain, {ph} its hotline, {c} its currency; {amt} an amount, {ref} a reference, {date}/{time}
NOTICES: dict[str, tuple[list[tuple[str, ...]], list[str]]] = {
    "bank": (BANKS, [
        "{b}: A payment of {c}{amt} to {shop} was made with your card ending {n4} on {date}. Not you? Call {ph}.",
        "{b}: You've received {c}{amt} from {name}. Your balance is now {c}{amt2}.",
        "{b}: Your statement for the account ending {n4} is ready to view in the app.",
        "{b} Alert: Your card ending {n4} was used for {c}{amt} at {shop} on {date} {time}. If this wasn't you, "
        "call us on {ph}.",
        "{b}: A new device was added to your online banking on {date} at {time}. If this wasn't you, call {ph} now. "
        "We'll never ask you to move money.",
        "Your {b} credit card payment of {c}{amt} is due on {date}. Minimum payment {c}{amt3}. Ignore if paid.",
        "{b}: Direct Debit of {c}{amt} to {utility} will be taken from your account ending {n4} on {date}.",
        "Dear Customer, Rs.{amt} debited from A/c XX{n4} on {date} to VPA {name}@okaxis. UPI Ref {n12}. Not you? "
        "Call {ph} - {b}",
        "{b}: Your salary of {c}{amt} has been credited to your account ending {n4}.",
        "{b}: We've declined a payment of {c}{amt} at {shop} because your card is frozen in the app.",
        "{b}: {n6} is your code to approve a payment of {c}{amt} to {shop}. Never share this code, not even with "
        "us.",
        "{b}: Did you try to pay {c}{amt} to {shop} on {date}? Reply Y if it was you or N if not. We'll never ask "
        "for your PIN or passwords.",
        "{b} Fraud Alert: Did you use card ending {n4} for {c}{amt} at {shop} on {date}? Reply YES or NO.",
        "{b}: Your verification code is {n6}. We'll never ask for this code by phone or message.",
        "{b}: You've added a new payee, {name}. If this wasn't you, call us straight away on {ph}.",
        "{b} Acct XX{n3} credited with {c}{amt} on {date}; SALARY from {employer}. Avl Bal {c}{amt2}.",
        "{c}{amt} debited from A/c XX{n4} on {date} to VPA {shop_l}@icici (UPI Ref No {n12}). Not you? Call {ph} - "
        "{b}",
        "{b}: Your card ending {n4} expires soon. Your new card is on its way and will arrive within 7 days.",
        "{b}: Your overdraft limit has changed to {c}{amt3}0 as you asked. Questions? Call {ph}.",
    ]),
    "utility": (UTILITIES, [
        "{b}: Your bill of {c}{amt} is ready. We'll collect it by Direct Debit on or after {date}. View it at {d}",
        "{b}: Thanks for your meter reading of {n5} on {date}. Your next statement will be ready on {date2}.",
        "{b}: Your account is {c}{amt} in credit. Log in at {d} to see your statement.",
        "{b}: Planned supply work in your area on {date} between 9am and 3pm. Sorry for any inconvenience. "
        "Updates at {d}",
        "{b}: Your payment of {c}{amt} has been received. Thank you. Account ref {n8}.",
        "{b}: It's time for a meter reading. Submit it at {d} or reply with your reading.",
        "{b}: Your bill for {c}{amt} is due on {date}. If you've already paid, please ignore this message. "
        "Questions? Call {ph}.",

        "{b}: We're fixing a burst main near you. You may have low pressure or no water until about {time}. "
        "Updates at {d}",
        "{b}: Forecast high winds may require us to turn off power to your address as early as {date}. Get ready "
        "and see updates at {d}",
        "{b}: Power has been restored at your address. If you're still without power call {ph}.",
        "{b}: Your Direct Debit is changing to {c}{amt3} a month from {date}. See why at {d}",
    ]),
    "carrier": (CARRIERS, [
        "{b}: Your bill for {c}{amt} is ready and due {date}. View it at {d}/mybill",
        "{b}: You've used 80% of your data allowance. It resets on {date}.",
        "{b}: Your payment of {c}{amt} has been received. Thanks!",
        "{b}: Your SIM was swapped on {date} at {time}. If you didn't ask for this, call {ph} straight away.",
        "{b}: Your plan changes to {c}{amt} a month from {date}, as we told you by email. Details at {d}",
        "Dear Customer, recharge of Rs.{amt} is successful for {n10}. Validity till {date}. - {b}",
        "{b}: Welcome abroad. Calls and texts home cost as in your plan; data is {c}2 a day. Help: {ph}",
    ]),
    "courier": (COURIERS, [
        "{b}: Your parcel {ref} will be delivered today between {time} and {time2}. Manage at {d}",
        "{b}: Your parcel from {shop} was delivered at {time} and left in your safe place.",
        "{b}: Hi {name}, your {shop} parcel is out for delivery. Your driver is {name2}. Track it at {d}",
        "{b}: We tried to deliver your parcel today. It's at your local Post Office, ready from {date}. Ref {ref}",
        "{b}: Your item {ref} was delivered at {time} on {date}. Reply STOP to cancel.",
        "{b}: Your parcel {ref} from {shop} is on its way and due {date}. Track in the {b} app.",
        "{b}: Your return to {shop} has been dropped off. Ref {ref}.",
    ]),
    "shop": (SHOPS, [
        "{b}: Your order {ref} has been dispatched and will arrive {date}. Track it at {d}",
        "{b}: Your refund of {c0}{amt} for order {ref} has been processed. It can take 3-5 working days to show.",
        "{b}: Your order is ready to collect from {place}. Bring your order number {ref}.",
        "{b}: We've received your return. Your refund of {c0}{amt} is on its way.",
        "{b}: Your order {ref} is confirmed. Total {c0}{amt}. We'll text you when it ships.",
        "{b}: Your click and collect order is ready. Collect by {date} from the customer service desk.",
    ]),
    "travel": (TRAVEL, [
        "{b}: Flight {code}{n4} {city} to {city2} on {date} now departs at {time} (was {time2}). Manage your "
        "booking at {d}",
        "{b}: Check-in is now open for your flight to {city2} on {date}. Booking ref {ref6}. Check in at {d}",
        "{b}: Your gate for flight {code}{n4} to {city2} is {gate}. Boarding starts {time}.",
        "{b}: We're sorry, flight {code}{n4} on {date} is delayed. New departure {time}. See {d} for your options.",
        "{b}: Your booking {ref6} is confirmed. {city} to {city2}, {date}, {time}.",
    ]),
    "clinic": ([(c, "", "", "") for c in CLINICS], [
        "Your appointment at {b} is on {date} at {time}. To cancel or rebook please call {lph}.",
        "{b}: Reminder - {name} has an appointment on {date} at {time}. Reply Y to confirm or N to cancel.",
        "{b}: Your prescription is ready to collect. Please bring ID.",
        "{b}: Your test results are back. Please book a routine appointment with your GP to discuss them.",
        "{b}: You're due your flu vaccination. Book online or call us on {lph}.",
        "{b}: Your car's MOT is due on {date}. Call {lph} to book. Reply STOP to opt out.",
        "{b}: Your glasses are ready to collect from {date}.",
        "Reminder: {name} has an appt with Dr. {surname} at {b} on {date} at {time}. Reply C to confirm, R to "
        "reschedule.",
        "{b}: Due to icy roads, school will open 2 hours late today, {date}. Buses run 2 hours later than usual.",
        "{b}: School is closed today due to a power cut. Updates on the website and the parent app.",
        "{b}: Your premium of {c0}{amt} for policy {n8} is due on {date}. Pay online or in the app.",
        "{b}: Your account balance is low. We'll top up {c0}{amt3}.00 from your card ending {n4} in the next 24 hrs.",
        "{b}: Your class on {date} at {time} is booked. Cancel up to 12 hours before in the app.",
    ]),
}

# The same brands' scams: their look-alike domains (built from the brand), a fee, a deadline, a reply to unlock.
SCAMS = [
    ("bank", "{b}: A payment of {c}{amt} to {shop} is pending. If this was NOT you, cancel it at {fake}"),
    ("bank", "{b}: Your account has been temporarily locked due to unusual activity. Verify your details within "
             "24 hours at {fake} to avoid suspension."),
    ("bank", "{b} FRAUD TEAM: a new payee was added to your account. If this wasn't you call our secure line "
             "{mph} immediately."),
    ("bank", "Dear Customer, your {b} account will be blocked today. Please update your PAN/KYC now: {fake}"),
    ("bank", "{b}: You have {n3} reward points worth {c}{amt} expiring today. Redeem now: {fake}"),
    ("utility", "{b}: You are owed a refund of {c}{amt} for overpaid bills. Claim it by {date} at {fake}"),
    ("utility", "{b}: Your last payment failed. Your supply will be disconnected tonight. Pay now at {fake}"),
    ("utility", "Dear Consumer, your electricity will be disconnected at 9.30pm tonight because your last bill "
                "was not updated. Call our officer {mph} immediately."),
    ("carrier", "{b}: Your bill payment failed. Update your payment details at {fake} to avoid disconnection."),
    ("carrier", "{b}: You've been selected for a loyalty reward of {c}{amt}. Claim before {date}: {fake}"),
    ("courier", "{b}: Your parcel could not be delivered due to an incomplete address. Update it within 24 hours: "
                "{fake}"),
    ("courier", "{b}: Your package is held at our depot. A redelivery fee of {c}1.99 is due. Pay at {fake}"),
    ("courier", "{b}: We missed you. Reschedule your delivery at {fake} (reply Y and reopen this message to "
                "activate the link)"),
    ("shop", "{b}: Your order {ref} for {c0}{amt} has been placed. If you did not authorise it, call {mph}."),
    ("shop", "{b}: Congratulations! You've been chosen for a {c0}500 gift card. Claim by {date}: {fake}"),
    ("travel", "{b}: Your flight on {date} was cancelled. Claim your {c0}{amt} compensation now at {fake}"),
    ("clinic", "NHS: You have been identified as eligible for a booster. Book and pay the {c0}2.99 fee at {fake}"),
    ("toll", "{b}: You have an unpaid toll of {c}{amt}. Pay by {date} to avoid a {c}50 late fee: {fake}"),
    ("tax", "{b}: You are eligible for a tax refund of {c}{amt}. Submit your claim at {fake}"),
    ("tax", "{b}: Final notice. You owe {c}{amt} in unpaid tax. Pay today at {fake} or face legal action."),
    # links to sites that host anyone's pages or files, shorteners, and replies that unlock a link
    ("utility", "{b}: Your bill of {c}{amt} is overdue. View it and pay here: {share}"),
    ("bank", "{b}: We've put a hold on your account. Read the letter at {share} and follow the steps today."),
    ("courier", "{b}: Your parcel {ref} is waiting. Choose a new delivery date: {share}"),
    ("tax", "{b}: Our records show a refund of {c}{amt} is due to you. Reply 1 to get your claim link."),
    ("toll", "{b}: Your vehicle has an outstanding charge of {c}{amt}. Reply Y and we'll send your payment link."),
    # codes as the lure: passed on to a caller, sent back, or read out
    ("bank", "{b}: Your code is {n6}. One of our team will call you shortly, give them this code to stop the "
             "{c}{amt} transfer."),
    ("shop", "{b}: {n6} is your code. If you didn't request it, reply with the code to cancel the {c0}{amt} order."),
    ("carrier", "{b}: Your verification code is {n6}. Our agent will call to confirm your upgrade; please read the "
                "code to them."),
    ("bank", "{b}: Your card ending {n4} has been blocked. Call our fraud team on {mph} and have your PIN ready."),
]
SCAM_BRANDS = {
    "toll": [("E-ZPass", "ezpassny.com", "", "$"), ("FasTrak", "bayareafastrak.org", "", "$"),
             ("Dart Charge", "gov.uk", "", "£"), ("SunPass", "sunpass.com", "", "$")],
    "tax": [("HMRC", "gov.uk", "", "£"), ("IRS", "irs.gov", "", "$"), ("ATO", "ato.gov.au", "", "$"),
            ("Income Tax Dept", "incometax.gov.in", "", "Rs.")],
}

ADS = [
    ("bank", "{b}: Pre-approved! Get a personal loan of up to {c}25,000 at 6.9% APR. Apply in the app. Reply "
             "STOP to opt out."),
    ("carrier", "{b}: Black Friday deal - unlimited data for {c}{amt3} a month. Upgrade at {d}/deals. Text STOP to "
                "opt out."),
    ("shop", "{b}: Up to 50% off this weekend only! Shop now at {d}. Reply STOP to unsubscribe."),
    ("shop", "{b}: {name}, your {c0}10 voucher is waiting. Spend {c0}50 or more by {date}. {d}/offers STOP to opt "
             "out"),
    ("travel", "{b}: Flash sale! Flights to {city2} from {c0}{amt3}. Book by {date} at {d}. STOP to opt out"),
    ("utility", "{b}: Switch to our fixed tariff and save up to {c}{amt3} a year. Find out more at {d}"),
    ("clinic", "{b}: 20% off eye tests this month. Book at your local store. Reply STOP to opt out"),
    # without an opt-out, as many are (prepaid packs, price drops, carts, coupons)
    ("carrier", "Unlimited 5G data + {n1}GB/day for 28 days at just Rs.{amt3}9. Recharge now on the {b} app"),
    ("carrier", "{b}: Get {n2}% cashback on your next recharge of Rs.{amt3}9. Offer valid till {date}."),
    ("carrier", "{b}: Double data for {c}{amt3} a month when you upgrade today. Call {ph} or visit {d}"),
    ("shop", "{b}: prices dropped on {n1} items in your wishlist! Delivery by tomorrow. {d}"),
    ("shop", "{b}: Still thinking it over? The items in your basket are selling fast. Complete your order at {d}"),
    ("shop", "{b}: Your weekly coupons are ready! Open the app to save on {n1}0 favourites."),
    ("shop", "{b}: Back in stock! The {item} you liked is available again. Shop now at {d}"),
    ("bank", "{b}: You're eligible for a credit card with {c}{amt3} cashback. Apply in 2 minutes at {d}"),
    ("travel", "{b}: Last chance! Save {n2}% on holidays to {city2}. Offer ends midnight. {d}"),
    ("courier", "{b}: Send more for less. Parcels from {c}{amt3} this week only at {d}"),
]

PERSONAL = [
    "Hi, {b}'s bill came to {c0}{amt3}, your share is {c0}{amt4}. Sort code {sort}, acc {n8} when you get a sec",
    "Rent's gone out, can you send me your {c0}{amt} by Friday?",
    "Just paid the deposit for the cottage, {c0}{amt} each. I'll send the bank details later x",
    "Here's the place for Saturday: https://maps.app.goo.gl/{tok} see you at {time}!",
    "Look at this lol https://youtu.be/{tok}",
    "Found the sofa I was telling you about, it's on sale: {d}/p/{n8} what do you think?",
    "Your {b} parcel came to ours by mistake, I'll drop it round after work",
    "Landed! Flight was delayed, in a taxi now, home by {time}",
    "Thanks for today {name}. I've sent you {c0}{amt3} for the tickets",
    "Can you pick up my prescription from {clinic} on your way? Paid already",
    "Dentist moved my appointment to {date} at {time}, can you do the school run?",
    "Hi {name}, it's {name2} from number {n2}. Our bins are out of sync again, did you see the council email?",
    "Invoice for this month's cleaning is {c0}{amt3}, same bank details as before. Thanks!",
    "Dad, I've booked the train, {c0}{amt3} return. Can you pay me back when you see me",
    "I've shared the photos from the wedding here: https://photos.app.goo.gl/{tok}",
    "The plumber says it's {c0}{amt} plus parts, he can come {date}. OK with you?",
    "Can't find my bank card, if anyone calls saying they're {b} don't tell them anything",
    "Practice moved to {time} on {date} at the rec. Subs are {c0}3",
    "Order for the school uniform is in, {c0}{amt3} altogether, I'll transfer half",
    "Did you get the {b} email about our flight? Gate's changed to {gate}",
]

# sites that host anyone's pages or files, and link shorteners: a notice's own link never goes there
SHARE_HOSTS = ["dropbox.com/s/{tok}/bill.pdf", "docs.google.com/document/d/{tok}", "sites.google.com/view/{tok}",
               "bit.ly/{tok}", "tinyurl.com/{tok}", "forms.gle/{tok}", "1drv.ms/b/{tok}", "is.gd/{tok}"]
_CITIES = ["London Heathrow", "London Gatwick", "Manchester", "Dublin", "New York JFK", "Chicago", "Delhi",
           "Mumbai", "Sydney", "Singapore", "Edinburgh", "Bengaluru", "Toronto", "Faro", "Malaga", "Dubai"]
_PLACES = ["the Croydon store", "our Leeds store", "the Oxford Street store", "the customer service desk",
           "your local store"]


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def generate(rnd: random.Random, notices: int = 1000, scams: int = 600, ads: int = 400, personal: int = 200
             ) -> list[tuple[str, str]]:
    """``(text, category)`` pairs: notices (transactional), their scams (fraud), ads (marketing), everyday texts
    (personal)."""

    def num(k: int) -> str:
        return "".join(rnd.choice("0123456789") for _ in range(k))

    def amount() -> str:
        whole = rnd.choice([num(1), num(2), num(2), num(3), f"{rnd.randint(1, 9)},{num(3)}"])
        return f"{int(whole.replace(',', '')) or 1:,}.{num(2)}" if rnd.random() < 0.8 else whole.lstrip("0") or "5"

    def date() -> str:
        day, month = rnd.randint(1, 28), rnd.choice(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                                      "Oct", "Nov", "Dec"])
        return rnd.choice([f"{day} {month}", f"{day:02d}/{rnd.randint(1, 12):02d}", f"{month} {day}",
                           f"{rnd.choice(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'])} {day} {month}",
                           f"{day:02d}-{month}-25", f"{rnd.randint(1, 12)}/{day}"])

    def time() -> str:
        h, m = rnd.randint(6, 21), rnd.choice(["00", "15", "30", "45", num(1) + "5"])
        return rnd.choice([f"{h:02d}:{m}", f"{h % 12 or 12}:{m}{'pm' if h >= 12 else 'am'}", f"{h % 12 or 12}pm"])

    def fake(brand: str, domain: str) -> str:
        s = _slug(brand)
        host = rnd.choice([f"{s}-verify.{rnd.choice(SCAM_TLDS)}", f"{s}.secure-{num(2)}.{rnd.choice(SCAM_TLDS)}",
                           f"{s}-uk.{rnd.choice(SCAM_TLDS)}", f"my{s}-help.{rnd.choice(SCAM_TLDS)}",
                           f"{domain.split('.')[0]}.{rnd.choice(SCAM_TLDS)}",
                           f"{s}{num(2)}.{rnd.choice(SCAM_TLDS)}", f"{domain}-{rnd.choice(['id', 'auth'])}."
                           f"{rnd.choice(SCAM_TLDS)}"])
        return rnd.choice(["https://", "http://", ""]) + host + rnd.choice(["", "/", f"/{num(4)}", "/pay", "/verify"])

    def fill(tpl: str, brand: tuple[str, ...]) -> str:
        b, d, ph, c = brand
        c0 = rnd.choice(["£", "$", "£", "$", "Rs.", "A$"]) if not c else c
        shop = rnd.choice(SHOPS)[0]
        return tpl.format(
            b=b, d=d or "", ph=ph or "", c=c or c0, c0=c0, amt=amount(), amt2=amount(), amt3=f"{rnd.randint(5, 99)}",
            amt4=f"{rnd.randint(5, 60)}.{num(1)}0", n2=num(2), n3=num(3), n4=num(4), n5=num(5), n6=num(6),
            n8=num(8), n10=num(10), n12=num(12), date=date(), date2=date(), time=time(), time2=time(),
            name=rnd.choice(PEOPLE), name2=rnd.choice(PEOPLE), shop=shop, utility=rnd.choice(UTILITIES)[0],
            ref=rnd.choice([f"{rnd.choice(['ZT', 'JD', 'H0', 'TBA', '1Z'])}{num(10)}", f"{num(3)}-{num(7)}-{num(7)}",
                            f"#{num(8)}"]),
            ref6="".join(rnd.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)),
            code=brand[2] if len(brand[2]) == 2 else "BA", city=rnd.choice(_CITIES), city2=rnd.choice(_CITIES),
            gate=f"{rnd.choice('ABCD')}{rnd.randint(1, 40)}", place=rnd.choice(_PLACES),
            lph=rnd.choice(["0161 496 0", "020 7946 0", "0113 496 0", "(555) 010-", "01632 960"]) + num(3),
            mph=rnd.choice(["07700 900", "+44 7700 900", "+1 (202) 555-0", "+91 98", "0800 0"]) + num(3),
            fake=fake(b, d or b), tok="".join(rnd.choice("abcdefghijkmnpqrstuvwxyzABCDEFGH23456789")
                                              for _ in range(10)),
            sort=f"{num(2)}-{num(2)}-{num(2)}", clinic=rnd.choice(CLINICS), n1=rnd.randint(2, 9),
            item=rnd.choice(["jacket", "trainers", "coffee machine", "lamp", "headphones", "dress"]),
            share=rnd.choice(SHARE_HOSTS).format(tok=num(4) + "x" + num(3)),
            surname=rnd.choice(["Patel", "Kessler", "Nguyen", "Okafor", "Smith", "Rao", "Murphy"]),
            employer=rnd.choice(["INFOSYS LTD", "TCS", "ACME UK LTD", "NHS TRUST", "WIPRO"]),
            shop_l=_slug(shop),
        )

    def notice_brand(kind: str) -> tuple[str, ...]:
        brands = NOTICES[kind][0] if kind in NOTICES else SCAM_BRANDS[kind]
        brand = rnd.choice(brands)
        if kind == "travel":  # (name, domain, IATA code) -> the fill's shape
            return (brand[0], brand[1], brand[2], "")
        if kind in ("courier", "shop"):
            return (brand[0], brand[1], "", "")
        return brand

    out: list[tuple[str, str]] = []
    kinds = sorted(NOTICES)
    for _ in range(notices):
        kind = rnd.choice(kinds)
        text = fill(rnd.choice(NOTICES[kind][1]), notice_brand(kind))
        if rnd.random() < 0.15:
            text += rnd.choice([" Reply STOP to opt out.", " Txt STOP to end.", " Msg&data rates may apply."])
        out.append((text, "transactional"))
    for _ in range(scams):
        kind, tpl = rnd.choice(SCAMS)
        out.append((fill(tpl, notice_brand(kind)), "fraud"))
    for _ in range(ads):
        kind, tpl = rnd.choice(ADS)
        out.append((fill(tpl, notice_brand(kind)), "marketing"))
    for _ in range(personal):
        kind = rnd.choice(["shop", "courier", "travel", "bank"])
        out.append((fill(rnd.choice(PERSONAL), notice_brand(kind)), "personal"))
    return out
