"""Word and sentence banks for the benchmark corpus: business mail in Polish, English, German and French.

Only data lives here; bench/corpus.py combines it. Placeholders in braces are filled by
the generator: {n} number, {k} small number, {amount} money, {date}, {hour}, {product},
{first} (addressee's first name), {company}.
"""
from __future__ import annotations

LANGUAGES = ("pl", "en", "de", "fr")

FIRST_NAMES = {
    "pl": {"m": ["Łukasz", "Paweł", "Michał", "Krzysztof", "Tomasz", "Grzegorz", "Jacek", "Wojciech", "Bartłomiej",
                 "Jarosław", "Zbigniew", "Maciej", "Adam", "Piotr", "Jan", "Andrzej", "Mikołaj", "Sławomir"],
           "f": ["Anna", "Małgorzata", "Katarzyna", "Agnieszka", "Żaneta", "Joanna", "Ewa", "Bożena", "Grażyna",
                 "Magdalena", "Jolanta", "Zofia", "Dorota", "Urszula", "Elżbieta", "Beata", "Justyna", "Iwona"]},
    "en": {"m": ["James", "Oliver", "George", "Harry", "Jack", "Thomas", "William", "Daniel", "Matthew", "Ryan"],
           "f": ["Emily", "Charlotte", "Sophie", "Olivia", "Jessica", "Hannah", "Laura", "Rachel", "Megan", "Amy"]},
    "de": {"m": ["Jürgen", "Günter", "Stefan", "Matthias", "Jörg", "Uwe", "Klaus", "Andreas", "Björn", "Dieter"],
           "f": ["Sabine", "Bärbel", "Brigitte", "Käthe", "Ute", "Monika", "Gudrun", "Birgit", "Anja", "Jutta"]},
    "fr": {"m": ["François", "Jérôme", "Benoît", "Hervé", "Frédéric", "Loïc", "Stéphane", "Noël", "Gaël", "Rémi"],
           "f": ["Françoise", "Hélène", "Céline", "Élodie", "Maëlle", "Chloé", "Irène", "Agnès", "Léa", "Mélanie"]},
}

LAST_NAMES = {
    "pl": {"m": ["Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
                 "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk", "Żak",
                 "Piątek", "Grabowski", "Nowak", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński",
                 "Łuczak", "Ślusarczyk", "Gołębiowski", "Świątek", "Zając", "Kaczmarek", "Sobczak"],
           "f": ["Kowalska", "Wiśniewska", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowska", "Zielińska",
                 "Szymańska", "Woźniak", "Dąbrowska", "Kozłowska", "Jankowska", "Mazur", "Krawczyk", "Żak",
                 "Piątek", "Grabowska", "Nowak", "Pawłowska", "Michalska", "Król", "Wieczorek", "Jabłońska",
                 "Łuczak", "Ślusarczyk", "Gołębiowska", "Świątek", "Zając", "Kaczmarek", "Sobczak"]},
    "en": {"m": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
                 "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "O'Brien", "Hall"]},
    "de": {"m": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
                 "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Krüger", "Weiß",
                 "Köhler"]},
    "fr": {"m": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Lefèvre",
                 "Moreau", "Laurent", "Simon", "Michel", "Lefèbvre", "Leroy", "Roux", "Fournier", "Girard",
                 "Bonnet", "Mercier", "Gauthier", "Lambert", "Faure", "Rousseau", "Blanchard", "Chevalier"]},
}

COMPANY_PARTS = {
    "pl": (["Bud", "Tech", "Agro", "Trans", "Pol", "Euro", "Med", "Inter", "Elektro", "Stal", "Drew", "Kom",
            "Sys", "Data", "Eko", "Term", "Hydro", "Geo", "Auto", "Mar"],
           ["max", "pol", "mex", "bud", "tel", "net", "plast", "med", "soft", "trans", "chem", "gaz", "rol",
            "serwis", "projekt"],
           [" Sp. z o.o.", " S.A.", " Sp. j.", " sp.k.", " Sp. z o.o. sp.k."],
           ["Przedsiębiorstwo Handlowe {w}", "Zakład Usług Technicznych {w}", "{w} Łódź", "Hurtownia {w}",
            "Biuro Rachunkowe „{w}”", "Spółdzielnia Pracy {w}", "Fabryka Mebli {w}", "Żegluga {w}"],
           ["Żuraw", "Sokół", "Bóbr", "Jeż", "Łoś", "Wilga", "Cis", "Dąb", "Świerk", "Kłos", "Źródło", "Ślęża"]),
    "en": (["Bright", "North", "Blue", "Silver", "Oak", "Red", "Harbor", "Summit", "Clear", "Green", "Iron",
            "Swift"],
           ["wave", "field", "stone", "bridge", "point", "line", "gate", "works", "path", "light"],
           [" Ltd", " Inc.", " LLC", " Group", " Partners"], [], []),
    "de": (["Müller", "Schneider", "Becker", "Hoffmann", "Schäfer", "Köhler", "Weiß", "Krüger", "Böhm",
            "Jäger", "Groß", "Fuchs"],
           [" Logistik", " Maschinenbau", " Technik", " Elektro", " Bau", " Verpackung", " Handel"],
           [" GmbH", " AG", " GmbH & Co. KG", " KG"], [], []),
    "fr": (["Lefèvre", "Dubois", "Moreau", "Girard", "Rousseau", "Mercier", "Bonnet", "Fournier", "Chênevert",
            "Bélanger"],
           [" Conseil", " Industries", " Distribution", " Services", " Énergie", " Transports"],
           [" SARL", " SA", " SAS", " & Associés"], [], []),
}
TLDS = {"pl": [".pl", ".pl", ".com.pl", ".eu"], "en": [".co.uk", ".com", ".io"], "de": [".de", ".de", ".eu"],
        "fr": [".fr", ".fr", ".eu"]}
FREE_MAIL = {"pl": ["gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl", "poczta.fm"],
             "en": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
             "de": ["gmx.de", "web.de", "gmail.com", "t-online.de"],
             "fr": ["orange.fr", "free.fr", "gmail.com", "laposte.net"]}

TITLES = {
    "pl": ["Kierownik ds. sprzedaży", "Specjalista ds. zakupów", "Główna księgowa", "Dyrektor handlowy",
           "Koordynator projektu", "Asystentka zarządu", "Kierownik magazynu", "Prezes zarządu"],
    "en": ["Sales Manager", "Purchasing Specialist", "Account Executive", "Project Coordinator", "Head of Finance",
           "Operations Director"],
    "de": ["Vertriebsleiter", "Einkäuferin", "Projektleiter", "Geschäftsführer", "Sachbearbeiterin Buchhaltung"],
    "fr": ["Responsable commercial", "Chargée d'achats", "Directeur général", "Chef de projet",
           "Comptable principale"],
}

PRODUCTS = {
    "pl": ["płyt gipsowych", "stali zbrojeniowej", "opakowań kartonowych", "środków czystości",
           "materiałów biurowych", "części zamiennych", "oprogramowania księgowego", "usług transportowych",
           "paneli fotowoltaicznych", "mebli biurowych", "łożysk kulkowych", "rękawic ochronnych"],
    "en": ["office furniture", "spare parts", "packaging material", "cloud hosting", "safety gloves",
           "solar panels", "steel beams", "consulting services", "ball bearings", "printer toner"],
    "de": ["Ersatzteile", "Verpackungsmaterial", "Stahlträger", "Büromöbel", "Schutzhandschuhe",
           "Solarmodule", "Kugellager", "Beratungsleistungen", "Druckerpatronen"],
    "fr": ["pièces détachées", "matériel de bureau", "emballages", "gants de sécurité", "panneaux solaires",
           "poutres en acier", "roulements à billes", "prestations de conseil", "cartouches d'encre"],
}

SUBJECTS = {
    "pl": ["Oferta na dostawę {product}", "Faktura VAT nr FV/{n}/{year}", "Zamówienie nr {n} – potwierdzenie",
           "Spotkanie w przyszłym tygodniu", "Pytanie dotyczące umowy {n}", "Reklamacja – zamówienie {n}",
           "Płatność za fakturę {n}", "Harmonogram prac – etap {k}", "Prośba o wycenę: {product}",
           "Zaległa płatność – wezwanie do zapłaty", "Zmiana terminu dostawy", "Aneks nr {k} do umowy",
           "Dokumenty do podpisu", "Pilne: brak towaru na magazynie", "Podsumowanie spotkania z {date}",
           "Cennik na rok {year}", "Zaproszenie na szkolenie BHP", "Korekta faktury FV/{n}/{year}",
           "Wyniki sprzedaży za {month}", "Urlop – zastępstwo w dniach {date}"],
    "en": ["Quote for {product}", "Invoice #{n}", "Order {n} confirmation", "Meeting next week",
           "Question about contract {n}", "Complaint regarding order {n}", "Payment reminder – invoice {n}",
           "Project schedule – phase {k}", "Request for quotation: {product}", "Delivery delay",
           "Documents for signature", "Summary of our call on {date}", "Price list {year}",
           "Out of office {date}", "Q{k} sales figures"],
    "de": ["Angebot für {product}", "Rechnung Nr. {n}", "Bestellung {n} – Bestätigung",
           "Terminvorschlag für nächste Woche", "Rückfrage zum Vertrag {n}", "Reklamation Auftrag {n}",
           "Zahlungserinnerung – Rechnung {n}", "Lieferverzögerung", "Unterlagen zur Unterschrift",
           "Preisliste {year}", "Protokoll der Besprechung vom {date}", "Änderung der Bankverbindung",
           "Grüße aus München – Messe {year}"],
    "fr": ["Devis pour {product}", "Facture n° {n}", "Commande {n} – confirmation",
           "Réunion de la semaine prochaine", "Question concernant le contrat {n}", "Réclamation commande {n}",
           "Relance de paiement – facture {n}", "Retard de livraison", "Documents à signer",
           "Tarifs {year}", "Compte rendu de la réunion du {date}", "Changement de coordonnées bancaires",
           "Congés d'été – équipe achats"],
}

REPLY_PREFIX = {"pl": ["Re: ", "RE: ", "Odp: ", "ODP: "], "en": ["Re: ", "RE: "], "de": ["AW: ", "Re: ", "WG: "],
                "fr": ["RE: ", "Re: ", "TR: "]}
FORWARD_PREFIX = {"pl": "PD: ", "en": "Fwd: ", "de": "WG: ", "fr": "TR: "}

GREETINGS = {
    "pl": ["Dzień dobry,", "Szanowni Państwo,", "Witam,", "Panie {first},", "Cześć {first},", "Dzień dobry Panie {first},"],
    "en": ["Hi {first},", "Dear {first},", "Hello,", "Good morning,", "Dear Sir or Madam,"],
    "de": ["Sehr geehrte Damen und Herren,", "Hallo {first},", "Guten Tag,", "Liebe Grüße vorab,"],
    "fr": ["Bonjour,", "Bonjour {first},", "Madame, Monsieur,", "Cher {first},"],
}
CLOSINGS = {
    "pl": ["Pozdrawiam", "Z poważaniem", "Serdecznie pozdrawiam", "Z wyrazami szacunku", "Łączę pozdrowienia"],
    "en": ["Best regards", "Kind regards", "Thanks", "Cheers", "Many thanks"],
    "de": ["Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße", "Schöne Grüße"],
    "fr": ["Cordialement", "Bien à vous", "Bien cordialement", "Meilleures salutations"],
}

SENTENCES = {
    "pl": [
        "W nawiązaniu do naszej rozmowy telefonicznej przesyłam ofertę na dostawę {product}.",
        "Proszę o potwierdzenie zamówienia nr {n} do końca tygodnia.",
        "Uprzejmie informujemy, że termin płatności faktury FV/{n}/{year} upłynął {date}.",
        "Czy możemy przełożyć spotkanie na czwartek o godzinie {hour}:00?",
        "W załączeniu przesyłam poprawioną wersję umowy wraz z aneksem nr {k}.",
        "Cena jednostkowa wynosi {amount} zł netto, termin realizacji to {k} tygodnie od złożenia zamówienia.",
        "Zgodnie z ustaleniami towar zostanie wysłany kurierem w przyszły poniedziałek.",
        "Niestety, część dostawy dotarła uszkodzona – w załączeniu zdjęcia i protokół szkody.",
        "Bardzo dziękuję za szybką odpowiedź i sprawną współpracę.",
        "Prosimy o przesłanie aktualnego cennika oraz warunków gwarancji.",
        "Faktura korygująca zostanie wystawiona po otrzymaniu zwrotu towaru.",
        "Ze względu na wzrost kosztów transportu musimy zaktualizować ceny od {date}.",
        "Przypominam o jutrzejszym spotkaniu w naszym biurze w Łodzi, ul. Piotrkowska {k}.",
        "Czy mogą Państwo dostarczyć {k} sztuk do magazynu w Poznaniu do {date}?",
        "Zespół techniczny zgłosił kilka uwag do specyfikacji – proszę o ich weryfikację.",
        "Płatność zostanie zrealizowana przelewem w ciągu 14 dni od daty wystawienia faktury.",
        "Potwierdzam otrzymanie dokumentów, wrócę z odpowiedzią najpóźniej w piątek.",
        "Przesyłam harmonogram prac na kolejny kwartał; zmiany zaznaczyłem na żółto.",
        "W razie pytań jestem do dyspozycji pod numerem telefonu podanym w stopce.",
        "Źródłem opóźnienia była awaria linii produkcyjnej, którą już usunęliśmy.",
        "Proszę zwrócić uwagę na zmianę numeru rachunku bankowego od przyszłego miesiąca.",
        "Żółta teczka z dokumentacją została przekazana do działu księgowości.",
        "Gratuluję udanego wdrożenia – klient jest bardzo zadowolony z efektów.",
        "Zamówienie obejmuje {k} palet, łączna waga około {n} kg.",
        "Płatność w kwocie {amount} zł wpłynęła na nasze konto, dziękujemy.",
        "Czy istnieje możliwość uzyskania rabatu przy zamówieniu powyżej {n} sztuk?",
        "Zaświadczenie o niezaleganiu w opłatach wyślę pocztą tradycyjną.",
        "Ostateczną decyzję podejmie zarząd na posiedzeniu {date}.",
    ],
    "en": [
        "Following up on our call, please find attached our quote for {product}.",
        "Could you please confirm order {n} by the end of the week?",
        "This is a friendly reminder that invoice {n} was due on {date}.",
        "Would Thursday at {hour}:00 work for you instead?",
        "I've attached the revised contract together with amendment no. {k}.",
        "The unit price is {amount} EUR excluding VAT, with a lead time of {k} weeks.",
        "As agreed, the goods will be shipped by courier next Monday.",
        "Unfortunately part of the delivery arrived damaged; photos and the damage report are attached.",
        "Thanks a lot for the quick reply and the smooth cooperation.",
        "Please send us your current price list and warranty terms.",
        "We will issue a credit note once the returned goods arrive.",
        "Due to rising freight costs we have to update our prices from {date}.",
        "Just a reminder about tomorrow's meeting at our London office.",
        "Could you deliver {k} units to our Manchester warehouse by {date}?",
        "Our engineers raised a few comments on the specification; could you have a look?",
        "Payment will be made by bank transfer within 30 days of the invoice date.",
        "I confirm receipt of the documents and will get back to you by Friday.",
        "Let me know if you have any questions – happy to jump on a call.",
        "The order comprises {k} pallets, about {n} kg in total.",
        "We have received your payment of {amount} EUR, thank you.",
    ],
    "de": [
        "Bezugnehmend auf unser Telefonat sende ich Ihnen unser Angebot für {product}.",
        "Bitte bestätigen Sie die Bestellung {n} bis Ende der Woche.",
        "Wir möchten Sie daran erinnern, dass die Rechnung {n} am {date} fällig war.",
        "Können wir den Termin auf Donnerstag um {hour}:00 Uhr verschieben?",
        "Anbei erhalten Sie den überarbeiteten Vertrag mit Nachtrag Nr. {k}.",
        "Der Stückpreis beträgt {amount} € netto, die Lieferzeit {k} Wochen.",
        "Wie besprochen wird die Ware nächsten Montag per Kurier verschickt.",
        "Leider ist ein Teil der Lieferung beschädigt angekommen – Fotos anbei.",
        "Vielen Dank für die schnelle Rückmeldung und die gute Zusammenarbeit.",
        "Bitte senden Sie uns Ihre aktuelle Preisliste und die Gewährleistungsbedingungen.",
        "Eine Gutschrift erstellen wir nach Eingang der Rücksendung.",
        "Aufgrund gestiegener Frachtkosten müssen wir die Preise ab {date} anpassen.",
        "Können Sie {k} Stück bis zum {date} an unser Lager in Köln liefern?",
        "Unsere Techniker haben einige Anmerkungen zur Spezifikation – bitte prüfen Sie diese.",
        "Die Zahlung erfolgt per Überweisung innerhalb von 14 Tagen.",
        "Ich bestätige den Erhalt der Unterlagen und melde mich bis Freitag.",
        "Für Rückfragen stehe ich Ihnen gerne zur Verfügung.",
        "Die Bestellung umfasst {k} Paletten, Gesamtgewicht ca. {n} kg.",
    ],
    "fr": [
        "Suite à notre entretien téléphonique, veuillez trouver ci-joint notre devis pour {product}.",
        "Pourriez-vous confirmer la commande {n} d'ici la fin de la semaine ?",
        "Nous vous rappelons que la facture {n} était à régler le {date}.",
        "Serait-il possible de décaler la réunion à jeudi {hour}h00 ?",
        "Vous trouverez ci-joint le contrat révisé ainsi que l'avenant n° {k}.",
        "Le prix unitaire s'élève à {amount} € HT, délai de livraison de {k} semaines.",
        "Comme convenu, la marchandise sera expédiée par transporteur lundi prochain.",
        "Malheureusement, une partie de la livraison est arrivée endommagée ; photos en pièce jointe.",
        "Merci beaucoup pour votre réponse rapide et votre collaboration efficace.",
        "Merci de nous faire parvenir votre grille tarifaire et vos conditions de garantie.",
        "Un avoir sera émis dès réception de la marchandise retournée.",
        "En raison de la hausse des coûts de transport, nos tarifs évolueront à partir du {date}.",
        "Pouvez-vous livrer {k} pièces à notre entrepôt de Lyon avant le {date} ?",
        "Notre équipe technique a émis quelques remarques sur le cahier des charges.",
        "Le règlement sera effectué par virement sous 30 jours fin de mois.",
        "Je vous confirme la bonne réception des documents et reviens vers vous vendredi.",
        "Je reste à votre disposition pour toute question complémentaire.",
        "La commande comprend {k} palettes, soit environ {n} kg au total.",
    ],
}

DISCLAIMERS = {
    "pl": ("{company} z siedzibą w Warszawie, ul. Marszałkowska {k}, 00-026 Warszawa, wpisana do rejestru "
           "przedsiębiorców Krajowego Rejestru Sądowego prowadzonego przez Sąd Rejonowy dla m.st. Warszawy "
           "w Warszawie, XII Wydział Gospodarczy KRS, pod numerem KRS 0000{n}, NIP 525-{k}-{k}-{k}, kapitał "
           "zakładowy {amount} zł. Treść tej wiadomości jest poufna i prawnie chroniona. Odbiorcą może być "
           "jedynie jej adresat z wyłączeniem dostępu osób trzecich. Jeżeli nie jest Pan/Pani adresatem "
           "niniejszej wiadomości, jej rozpowszechnianie, kopiowanie lub inne działanie o podobnym charakterze "
           "jest prawnie zabronione i może być karalne. Jeżeli wiadomość dotarła do Pana/Pani przez pomyłkę, "
           "uprzejmie prosimy o poinformowanie o tym nadawcy i usunięcie jej z systemu."),
    "en": ("This email and any attachments are confidential and intended solely for the addressee. If you have "
           "received it in error, please notify the sender and delete it. {company} is registered in England and "
           "Wales under company number {n}. Registered office: {k} King Street, London."),
    "de": ("{company}, Sitz der Gesellschaft: München, Registergericht: Amtsgericht München HRB {n}, "
           "Geschäftsführer: Dr. Jürgen Weiß. Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht "
           "der richtige Adressat sind, informieren Sie bitte sofort den Absender und vernichten Sie diese Mail."),
    "fr": ("{company}, société au capital de {amount} €, RCS Paris {n}. Ce message et ses pièces jointes sont "
           "confidentiels et destinés exclusivement à leur destinataire. Si vous l'avez reçu par erreur, merci "
           "d'en avertir immédiatement l'expéditeur et de le supprimer."),
}

ATTRIBUTIONS = {
    "pl": ["W dniu {date} o {hour}:{minute}, {name} pisze:", "{date}, {name} napisał(a):"],
    "en": ["On {date} at {hour}:{minute}, {name} wrote:"],
    "de": ["Am {date} um {hour}:{minute} schrieb {name}:"],
    "fr": ["Le {date} à {hour}:{minute}, {name} a écrit :"],
}
OUTLOOK_HEADER = {
    "pl": ("Od:", "Wysłano:", "Do:", "Temat:"), "en": ("From:", "Sent:", "To:", "Subject:"),
    "de": ("Von:", "Gesendet:", "An:", "Betreff:"), "fr": ("De :", "Envoyé :", "À :", "Objet :"),
}
MONTHS = {
    "pl": ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień",
           "październik", "listopad", "grudzień"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
}

# Automated senders: (display name, local part, domain, language).
SERVICES = [
    ("Allegro", "powiadomienia", "allegro-mail.pl", "pl"), ("InPost", "noreply", "inpost-info.pl", "pl"),
    ("mBank", "powiadomienia", "mbank-alerts.pl", "pl"), ("Fakturownia", "faktury", "fakturownia-mail.pl", "pl"),
    ("Biuro Podróży Słońce", "newsletter", "slonce-podroze.pl", "pl"), ("Ceneo", "newsletter", "ceneo-news.pl", "pl"),
    ("Żabka Polska", "biuletyn", "zabka-news.pl", "pl"), ("LinkedIn", "messages-noreply", "linkedin-mail.com", "en"),
    ("GitHub", "notifications", "github-mail.com", "en"), ("Slack", "feedback", "slack-mail.com", "en"),
    ("Zoom", "no-reply", "zoom-mail.us", "en"), ("Amazon Business", "store-news", "amazon-biz-mail.com", "en"),
    ("DHL Paket", "noreply", "dhl-paket-mail.de", "de"), ("XING", "mailrobot", "xing-mail.com", "de"),
    ("La Poste", "ne-pas-repondre", "laposte-info.fr", "fr"), ("OVHcloud", "facturation", "ovh-mail.fr", "fr"),
]
NEWSLETTER_SUBJECTS = {
    "pl": ["🔥 Black Friday: -40% na {product}", "Twoje zamówienie nr {n} zostało wysłane 📦",
           "Nowa faktura w systemie: FV/{n}/{year}", "Przypomnienie: płatność do {date}",
           "Podsumowanie tygodnia – {k} nowych ofert", "Wyciąg z rachunku za {month}",
           "Ostatnia szansa! Promocja kończy się dziś ⏰", "Zmiana regulaminu usług od {date}"],
    "en": ["Your weekly digest: {k} new updates", "🎉 {k} people viewed your profile", "Security alert for your account",
           "Your invoice #{n} is ready", "[project] Pull request #{n} merged", "Reminder: webinar on {date}"],
    "de": ["Ihre Sendung {n} ist unterwegs 🚚", "Neue Nachrichten in Ihrem Postfach", "Ihre Rechnung {n} für {month}"],
    "fr": ["Votre colis {n} a été expédié", "Votre facture OVHcloud n° {n}", "Nouveautés du mois de {month} ✨"],
}
ATTACHMENT_NAMES = {
    "pl": ["Faktura_FV_{n}_{year}.pdf", "Umowa – projekt zmian {k}.docx", "Zdjęcie {date}.jpg",
           "Cennik Łódź {year}.xlsx", "Zestawienie płatności {month}.csv", "Protokół odbioru nr {n}.pdf",
           "Oferta_{n}.pdf", "scan{n}.pdf", "Specyfikacja techniczna – wersja {k}.pdf", "Zamówienie {n}.xlsx",
           "Pełnomocnictwo.pdf", "Świadectwo jakości {n}.pdf"],
    "en": ["Invoice_{n}.pdf", "Quote {n}.pdf", "Contract draft v{k}.docx", "IMG_{n}.JPG", "Price list {year}.xlsx",
           "report-{month}.csv", "Specification rev {k}.pdf"],
    "de": ["Rechnung_{year}_{n}.pdf", "Angebot {n}.pdf", "Übersicht Q{k}.xlsx", "Lieferschein {n}.pdf",
           "Maßzeichnung {n}.pdf", "Foto_Schaden_{k}.jpg"],
    "fr": ["Facture_{n}.pdf", "Devis n°{n}.pdf", "Présentation {year}.pptx", "Bon de livraison {n}.pdf",
           "Relevé {month}.csv", "Photo_dégâts_{k}.jpg"],
}
