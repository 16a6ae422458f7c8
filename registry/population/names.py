"""Name material for generated populations: Belgium's mix of Flemish, Walloon,
German-speaking and immigrant-origin families. Lists are ordered by rough frequency; the
generator draws from them with a Zipf-like weight and adds a long tail of composed names."""

FLEMISH_SURNAMES = """Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De Smet
Dubois Hermans Aerts Smets Michiels Desmet Pauwels Van Damme Verstraete Cools Lemmens Segers
Claeys Martens Vermeulen Declercq Stevens Van den Broeck Vandenbroeck Hendrickx Bogaerts Verhoeven
Thijs Coppens Verbeke De Clercq Vos Leemans Van de Velde Vandevelde Verschueren Dierckx Wuyts
Maenhout Geerts Schepens Van Hoof Baert Mortier Bosmans Vlaeminck Cornelis Huysmans De Backer
Verhaeghe Van Acker Vanacker De Meyer Vermeersch Van der Linden Mannaerts Luyten Bracke Timmermans
De Wilde Jansen Pieters Verlinden Van Dyck Heylen Vercammen Van Gucht Goethals De Vos Vandamme
Lauwers Jorissen Van Hecke Bauwens Nys De Coninck Dewulf Vanhove Van Impe Hoste Callens Vervoort
Roels Daems Sels De Cock Meeus Wijns Van Laere Verbruggen Deprez Beckers Van Rompaey D'Hondt
Dhondt De Keyser Verheyen Van Camp Moens Steenackers Dierickx Wellens Van Loock Rombouts Boeckx
Van Geel Engelen Van Hove Vanhoutte De Bruyne Vanderhaegen Coenen Van Belle Wauters Van Aelst
Op de Beeck Ooms Dockx Fierens Van Gorp Claessens Vranckx Smeets Dillen Van Ryckeghem Verbist"""

WALLOON_SURNAMES = """Dubois Lambert Dupont Martin Simon Leclercq Laurent Dumont Renard Lejeune
Gérard Mathieu Henry Denis Lemaire Michel Collard Lefebvre Lefèvre Leroy François Fontaine Mercier
Hubert Jacquet Noël Gilles Baudoin Piette Dethier Thiry Marchal Pirard Lecomte Delvaux Rousseau
Bertrand Dupuis Charlier Masson Lambot Leonard Duvivier Wilmotte Gillet Delacroix Pirotte Massart
Remacle Gobert Lemoine Andre Colin Delhaye Dufour Toussaint Bodart Hansen Delvoye Lhoest Pierard
Herman Moreau Bernard Robert Petit Richard Durand Guillaume Thomas Legrand Chevalier Servais Bastin
Devos Lebrun Lacroix Louis Georges Antoine Daniel Delmotte Close Body Hardy Dumonceau Wathelet
Lecocq Baudour Dieu Pierre Etienne Delcourt Depasse Frère Godefroid Jadot Kaiser Lardinois"""

GERMAN_SURNAMES = """Schmitz Kohnen Heinen Mreyen Cremer Kessler Meyer Maier Müller Schröder Jost
Lenz Gerckens Wintgens Reuter Brüls Hilgers Offermann Lentz Pankert Kever Radermacher Weber
Scholzen Palm Jousten Klinkenberg Schunck Nelles Hick Thissen"""

IMMIGRANT_SURNAMES = {
    "MA": """El Amrani El Idrissi Benali Bouzid El Khattabi Amrani Haddou Azzouzi Boukhari
    Ouahbi El Haddouchi Benjelloun Chaoui Bakkali Tahiri Mohammed Mohamed Ahmed Alaoui Zeroual""",
    "TR": """Yilmaz Kaya Demir Sahin Celik Yildiz Yildirim Öztürk Aydin Özdemir Arslan Dogan
    Kiliç Aslan Çetin Kara Koç Kurt Özkan Simsek""",
    "IT": """Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno
    Gallo Conti De Luca Costa Giordano Mancini Rizzo Lombardi Moretti Di Stefano""",
    "CD": """Mbuyi Kabasele Tshibangu Ilunga Kalala Mukendi Kasongo Lukusa Mulumba Ngoy
    Kabongo Mbala Nsimba Makiese""",
    "PL": """Nowak Kowalski Wisniewski Wójcik Kowalczyk Kaminski Lewandowski Zielinski
    Szymanski Wozniak Dabrowski""",
    "RO": """Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu""",
    "ES": """Garcia Fernandez Gonzalez Rodriguez Lopez Martinez Sanchez Perez Gomez Diaz""",
    "PT": """Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa""",
}

FIRST_NAMES = {
    "FL": {
        "M": """Jan Pieter Luc Marc Peter Johan Dirk Koen Tom Bart Wim Filip Jos Stijn Kris
        Geert Lucas Arthur Noah Liam Louis Jules Lars Wout Ruben Jonas Sander Maarten""",
        "F": """Maria Anna Els Ann Katrien Sofie Lies An Hilde Greet Marleen Nathalie Emma
        Olivia Marie Louise Lotte Fien Nora Julie Lien Sarah Eline Lore Jana Margriet""",
    },
    "WA": {
        "M": """Jean Pierre Michel Philippe Jacques André Alain Christian Daniel Marc Luc
        Nicolas Julien Thomas Maxime Antoine Hugo Louis Gabriel Arthur Jean-Pierre Jean-Marc""",
        "F": """Marie Anne Monique Nicole Françoise Christine Isabelle Nathalie Sophie Julie
        Camille Manon Léa Chloé Emma Louise Alice Zoé Marie-Louise Anne-Marie Evelyne Hélène""",
    },
    "DE": {
        "M": "Hans Peter Klaus Jürgen Stefan Michael Thomas Andreas Lukas Jonas Felix Paul",
        "F": "Ursula Petra Sabine Andrea Claudia Monika Anna Lena Laura Sarah Hannah Lea",
    },
    "MA": {
        "M": "Mohamed Mohammed Ahmed Youssef Karim Said Rachid Mustapha Hamza Bilal Ilyas Adam",
        "F": "Fatima Khadija Amina Nadia Samira Latifa Malika Salma Yasmina Imane Aya Sara",
    },
    "TR": {
        "M": "Mehmet Mustafa Ahmet Ali Hüseyin Hasan Ibrahim Murat Emre Yusuf Burak Can",
        "F": "Fatma Ayse Emine Hatice Zeynep Elif Merve Esra Büsra Derya Selin Ebru",
    },
    "OTHER": {
        "M": "Giuseppe Marco Andrea Jean-Paul Patrick Piotr Tomasz Ion Andrei Carlos José João",
        "F": "Giulia Francesca Maria Grace Anna Katarzyna Ioana Elena Carmen Ana Rosa Patricia",
    },
}

# Parts for a long tail of surnames that look Flemish or Walloon.
FLEMISH_PREFIXES = ["Van ", "Van de ", "Van den ", "Van der ", "De ", "Vande", "Vanden", "Ver", ""]
FLEMISH_ROOTS = [
    "broeck",
    "velde",
    "berghe",
    "putte",
    "steen",
    "walle",
    "hove",
    "acker",
    "bossche",
    "kerckhove",
    "meersch",
    "straete",
    "haute",
    "linde",
    "poele",
    "brugge",
    "dijck",
    "eycken",
    "hoecke",
    "lede",
    "moortel",
    "bempt",
    "schoor",
    "rijck",
    "borre",
    "voorde",
    "wynsberghe",
    "hulle",
    "gheluwe",
    "mol",
    "kamp",
    "hout",
    "wiele",
    "donck",
]
FLEMISH_SUFFIXES = ["", "", "n", "s", "e"]
WALLOON_ROOTS = [
    "mont",
    "pont",
    "bois",
    "champ",
    "val",
    "fosse",
    "pré",
    "chêne",
    "thier",
    "sart",
    "fays",
    "pierre",
    "rieu",
    "marais",
    "noue",
    "haye",
    "biez",
    "roche",
    "bure",
]
WALLOON_PREFIXES = ["Du", "Des", "Le", "La", "De ", "Dela", "Del"]

STREETS = {
    "FL": """Kerkstraat Stationsstraat Dorpsstraat Nieuwstraat Molenstraat Schoolstraat
    Kapelstraat Veldstraat Beekstraat Lindelaan Kouter Korenmarkt Sint-Pietersnieuwstraat
    Overpoortstraat Dampoortstraat Brugsesteenweg""",
    "WA": """Rue de l'Église|Rue de la Station|Rue Haute|Grand-Route|Rue du Moulin|Rue de la Gare|
    Place Saint-Lambert|Rue Saint-Gilles|Boulevard de la Sauvenière|Rue des Vennes|
    Rue du Centre|Chaussée de Tongres|Rue Neuve|Avenue de la Couronne|Rue des Champs""",
    "DE": """Aachener Straße Bergstraße Kirchstraße Neustraße Hufengasse Klosterstraße
    Bahnhofstraße""",
}

# Syllables for the long tail: most Belgian surnames are rare, and the registry must hold
# thousands of them for searches to behave as they do at national scale.
FLEMISH_ONSETS = [
    "Ba",
    "Be",
    "Bo",
    "Bru",
    "Ca",
    "Cl",
    "Da",
    "De",
    "Dri",
    "Ge",
    "Go",
    "Ha",
    "He",
    "Ho",
    "Ja",
    "Ke",
    "Kl",
    "La",
    "Le",
    "Lu",
    "Ma",
    "Me",
    "Mo",
    "Ne",
    "Pa",
    "Pe",
    "Ro",
    "Sa",
    "Sch",
    "Se",
    "Sm",
    "St",
    "Ta",
    "Te",
    "Tr",
    "Va",
    "Ve",
    "Vl",
    "Wa",
    "We",
    "Wi",
    "Wo",
]
FLEMISH_NUCLEI = ["er", "el", "ee", "ae", "oo", "ui", "ie", "ij", "an", "en", "on"]
FLEMISH_CODAS = [
    "ts",
    "ns",
    "rs",
    "ckx",
    "ghe",
    "man",
    "mans",
    "ert",
    "aert",
    "eel",
    "ens",
    "ers",
    "eyn",
    "t",
    "s",
]
WALLOON_ONSETS = [
    "Bo",
    "Ca",
    "Cha",
    "Co",
    "Da",
    "De",
    "Du",
    "Fa",
    "Fo",
    "Ga",
    "Gi",
    "Gu",
    "Ja",
    "La",
    "Le",
    "Ma",
    "Mi",
    "Mo",
    "Pa",
    "Pi",
    "Po",
    "Ra",
    "Re",
    "Ro",
    "Sa",
    "Ta",
    "Va",
    "Vi",
]
WALLOON_NUCLEI = ["r", "l", "n", "ss", "nd", "rt", "ch", "ill", "rb"]
WALLOON_CODAS = [
    "et",
    "ot",
    "ard",
    "ier",
    "ay",
    "in",
    "aux",
    "elle",
    "ois",
    "on",
    "eau",
    "y",
    "ant",
    "ez",
]
