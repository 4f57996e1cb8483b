/**
 * The words of the synthetic benchmark corpus: templates and word lists in each portal language,
 * about the portal's own domain (teaching kits, guides, training for social workers, prevention,
 * identification of victims, multi-agency cooperation). Everything composed from them says that it
 * is a synthetic example; none of it names a person, an organisation, a place, a date, a number to
 * call or a statistic.
 */
import type { Audience, ResourceKind, Theme } from '@praxis/contract/vocabulary';

export interface CorpusLanguage {
  /** "(synthetic example 12)": the marker every title carries. */
  marker(n: number): string;
  /** The words the slug ends with, before the number: "esempio-sintetico". */
  slugWord: string;
  /** Short words left out of slugs ("di", "sulla"), so a slug cut at 60 characters ends on a noun. */
  slugStopWords: string[];
  kinds: Record<ResourceKind, string>;
  /** What a resource is about, one or two phrases per theme ("on preventing trafficking in schools"). */
  topics: Record<Theme, string[]>;
  /** "for social workers". */
  audiences: Record<Audience, string>;
  /** The summary: one or two sentences, from a kind, a topic and an audience. */
  summary(kind: string, topic: string, audience: string): string;
  /** The first paragraph of every body: it says plainly what this is. */
  disclaimer: string;
  headings: { who: string; how: string; themes: string; note: string };
  /** A sentence about what the resource offers to each audience. */
  forAudience: Record<Audience, string>;
  /** Sentences about each theme. */
  aboutTheme: Record<Theme, string[]>;
  /** Generic sentences about using the material. */
  general: string[];
  /** Items of the "how to use it" list. */
  steps: string[];
  /** The closing note of every body. */
  closing: string;
  /** The PDF pool: a title for sheet n, and its paragraphs around the distinctive words. */
  sheetTitle(n: number): string;
  sheetParagraphs(words: string): string[];
  /** Words that occur only in one PDF of the pool, so search inside downloads can be checked. */
  poolWords: string[];
}

export const corpusLanguages: Record<string, CorpusLanguage> = {
  it: {
    marker: (n) => `(esempio sintetico ${n})`,
    slugWord: 'esempio-sintetico',
    slugStopWords: [
      'a',
      'al',
      'da',
      'dei',
      'del',
      'della',
      'delle',
      'di',
      'e',
      'il',
      'l',
      'la',
      'le',
      'lo',
      'nei',
      'nelle',
      'per',
      'sui',
      'sul',
      'sull',
      'sulla',
      'sulle',
    ],
    kinds: {
      'teaching-kit': 'Kit didattico',
      guide: 'Guida',
      brochure: 'Opuscolo',
      toolkit: 'Cassetta degli attrezzi',
      handbook: 'Manuale',
      'evaluation-report': 'Rapporto di valutazione',
      'conference-report': 'Resoconto di conferenza',
      'campaign-material': 'Materiale di campagna',
    },
    topics: {
      prevention: ['sulla prevenzione della tratta nelle scuole', 'per prevenire lo sfruttamento lavorativo'],
      identification: ["sull'identificazione delle vittime di tratta", 'sui segnali di sfruttamento da riconoscere'],
      'assistance-protection': ["sull'assistenza e la protezione delle vittime", "sull'accoglienza delle persone sopravvissute"],
      prosecution: ["sull'indagine e l'azione penale", 'sulla raccolta delle prove nei casi di tratta'],
      confiscation: ['sulla confisca dei proventi della tratta', "sull'individuazione dei flussi finanziari illeciti"],
      monitoring: ['sul monitoraggio del fenomeno', 'sulla raccolta dei dati nei servizi'],
      'multi-agency-cooperation': ['sulla cooperazione multi-agenzia', "sull'invio delle vittime ai servizi specializzati"],
    },
    audiences: {
      educators: 'per insegnanti ed educatori',
      'social-workers': 'per assistenti sociali',
      'law-enforcement': 'per le forze di polizia',
      embassies: 'per il personale consolare',
      'civil-society': 'per le organizzazioni della società civile',
      'young-people': 'per ragazze e ragazzi',
    },
    summary: (kind, topic, audience) =>
      `${kind} ${topic}, ${audience}. Contenuto sintetico generato per misurare le prestazioni del portale: non descrive un materiale reale.`,
    disclaimer:
      "Questo è un **contenuto sintetico**, generato automaticamente per i test di prestazione di Praxis. Non descrive un materiale reale, un progetto o un'organizzazione: serve solo a riempire il catalogo con testi di lunghezza realistica.",
    headings: { who: 'A chi si rivolge', how: 'Come usarlo', themes: 'Temi trattati', note: 'Nota' },
    forAudience: {
      educators: "Propone attività da svolgere in classe per parlare di tratta e sfruttamento con linguaggio adatto all'età.",
      'social-workers': 'Aiuta gli assistenti sociali a riconoscere le situazioni a rischio e a orientare la persona verso i servizi competenti.',
      'law-enforcement': 'Ricorda agli operatori di polizia come condurre un primo colloquio rispettoso e come coinvolgere i servizi di assistenza.',
      embassies: 'Offre al personale consolare indicazioni per accogliere chi chiede aiuto e per indirizzarlo ai servizi del territorio.',
      'civil-society': 'Suggerisce alle associazioni modi per collaborare con i servizi pubblici e per sostenere le persone nel percorso di uscita.',
      'young-people': 'Spiega con parole semplici come riconoscere offerte di lavoro ingannevoli e a chi rivolgersi in caso di dubbio.',
    },
    aboutTheme: {
      prevention: [
        "La prevenzione comincia dall'informazione: sapere come funzionano il reclutamento e l'inganno riduce il rischio.",
        'Le attività di sensibilizzazione funzionano meglio quando coinvolgono le comunità e i giovani stessi.',
      ],
      identification: [
        'Identificare una vittima richiede tempo, ascolto e la collaborazione di più professionisti.',
        'Nessun segnale da solo basta: conta il quadro complessivo, letto con attenzione e senza pregiudizi.',
      ],
      'assistance-protection': [
        "L'assistenza mette al centro i diritti e le scelte della persona, con un alloggio sicuro e un sostegno legale e psicologico.",
        'La protezione continua anche dopo la prima accoglienza, con percorsi di formazione e di inserimento lavorativo.',
      ],
      prosecution: [
        "Un'indagine efficace protegge la vittima dal ripetere più volte il proprio racconto.",
        'La cooperazione tra inquirenti e servizi sociali rende più solide le prove e più sicure le persone coinvolte.',
      ],
      confiscation: [
        'Colpire i proventi della tratta toglie risorse a chi sfrutta e può finanziare il risarcimento delle vittime.',
        "Seguire il denaro richiede competenze finanziarie e lo scambio d'informazioni tra autorità.",
      ],
      monitoring: [
        'Il monitoraggio raccoglie informazioni comparabili nel tempo, nel rispetto della riservatezza delle persone.',
        "Dati raccolti con cura aiutano i servizi a capire dove concentrare l'impegno.",
      ],
      'multi-agency-cooperation': [
        'La cooperazione multi-agenzia chiarisce chi fa cosa, dal primo contatto fino al sostegno di lungo periodo.',
        "Procedure condivise per l'invio ai servizi specializzati evitano che una persona resti senza risposta.",
      ],
    },
    general: [
      'Il materiale può essere adattato al contesto locale e ai tempi di chi lo utilizza.',
      'Ogni sezione si può usare da sola oppure come parte di un percorso formativo più lungo.',
      'Le attività sono pensate per piccoli gruppi e per momenti di confronto tra colleghi.',
      'Il linguaggio evita stereotipi e rispetta la dignità delle persone di cui si parla.',
    ],
    steps: [
      'leggere la scheda introduttiva prima della sessione',
      'scegliere le attività adatte al gruppo',
      'dedicare tempo alla discussione e alle domande',
      'concordare con il gruppo come proseguire il lavoro',
      'raccogliere le osservazioni dei partecipanti alla fine',
      'condividere le indicazioni con i servizi della rete locale',
    ],
    closing: 'Questo testo è un esempio sintetico e non va citato né usato come fonte.',
    sheetTitle: (n) => `Scheda sintetica ${n} per i test di Praxis`,
    sheetParagraphs: (words) => [
      'Questa scheda PDF è un contenuto sintetico, generato per i test di prestazione del portale Praxis. Non descrive un materiale reale.',
      'Serve a verificare la ricerca nel testo dei file scaricabili e il loro elenco nelle pagine delle risorse.',
      `Parole distintive di questa scheda: ${words}.`,
    ],
    poolWords: ['lavanda', 'ginepro', 'rosmarino', 'salvia', 'mirto', 'timo', 'alloro', 'finocchio'],
  },

  pt: {
    marker: (n) => `(exemplo sintético ${n})`,
    slugWord: 'exemplo-sintetico',
    slugStopWords: ['a', 'as', 'da', 'das', 'de', 'do', 'dos', 'e', 'na', 'nas', 'no', 'nos', 'o', 'os', 'para', 'sobre'],
    kinds: {
      'teaching-kit': 'Kit pedagógico',
      guide: 'Guia',
      brochure: 'Brochura',
      toolkit: 'Caixa de ferramentas',
      handbook: 'Manual',
      'evaluation-report': 'Relatório de avaliação',
      'conference-report': 'Relatório de conferência',
      'campaign-material': 'Material de campanha',
    },
    topics: {
      prevention: ['sobre a prevenção do tráfico nas escolas', 'para prevenir a exploração laboral'],
      identification: ['sobre a identificação das vítimas de tráfico', 'sobre os sinais de exploração a reconhecer'],
      'assistance-protection': ['sobre o apoio e a proteção das vítimas', 'sobre o acolhimento das pessoas sobreviventes'],
      prosecution: ['sobre a investigação e a ação penal', 'sobre a recolha de prova nos casos de tráfico'],
      confiscation: ['sobre o confisco dos produtos do tráfico', 'sobre a deteção de fluxos financeiros ilícitos'],
      monitoring: ['sobre a monitorização do fenómeno', 'sobre a recolha de dados nos serviços'],
      'multi-agency-cooperation': ['sobre a cooperação multiagência', 'sobre a referenciação das vítimas para serviços especializados'],
    },
    audiences: {
      educators: 'para professores e educadores',
      'social-workers': 'para assistentes sociais',
      'law-enforcement': 'para as forças de segurança',
      embassies: 'para o pessoal consular',
      'civil-society': 'para as organizações da sociedade civil',
      'young-people': 'para jovens',
    },
    summary: (kind, topic, audience) =>
      `${kind} ${topic}, ${audience}. Conteúdo sintético gerado para medir o desempenho do portal: não descreve um material real.`,
    disclaimer:
      'Este é um **conteúdo sintético**, gerado automaticamente para os testes de desempenho do Praxis. Não descreve um material, um projeto ou uma organização reais: serve apenas para preencher o catálogo com textos de extensão realista.',
    headings: { who: 'A quem se destina', how: 'Como usar', themes: 'Temas abordados', note: 'Nota' },
    forAudience: {
      educators: 'Propõe atividades para a sala de aula, para falar de tráfico e exploração com uma linguagem adequada à idade.',
      'social-workers': 'Ajuda os assistentes sociais a reconhecer situações de risco e a encaminhar a pessoa para os serviços competentes.',
      'law-enforcement': 'Lembra aos agentes como conduzir uma primeira entrevista respeitosa e como envolver os serviços de apoio.',
      embassies: 'Dá ao pessoal consular orientações para acolher quem pede ajuda e para o encaminhar para os serviços locais.',
      'civil-society': 'Sugere às associações formas de colaborar com os serviços públicos e de apoiar as pessoas no seu percurso de saída.',
      'young-people': 'Explica com palavras simples como reconhecer ofertas de trabalho enganosas e a quem recorrer em caso de dúvida.',
    },
    aboutTheme: {
      prevention: [
        'A prevenção começa pela informação: saber como funcionam o recrutamento e o engano reduz o risco.',
        'As ações de sensibilização resultam melhor quando envolvem as comunidades e os próprios jovens.',
      ],
      identification: [
        'Identificar uma vítima exige tempo, escuta e a colaboração de vários profissionais.',
        'Nenhum sinal basta sozinho: conta o quadro geral, lido com atenção e sem preconceitos.',
      ],
      'assistance-protection': [
        'O apoio coloca no centro os direitos e as escolhas da pessoa, com alojamento seguro e apoio jurídico e psicológico.',
        'A proteção continua depois do primeiro acolhimento, com percursos de formação e de integração profissional.',
      ],
      prosecution: [
        'Uma investigação eficaz evita que a vítima tenha de repetir o seu relato muitas vezes.',
        'A cooperação entre investigadores e serviços sociais torna a prova mais sólida e as pessoas envolvidas mais seguras.',
      ],
      confiscation: [
        'Atingir os produtos do tráfico retira recursos a quem explora e pode financiar a indemnização das vítimas.',
        'Seguir o dinheiro exige competências financeiras e troca de informação entre autoridades.',
      ],
      monitoring: [
        'A monitorização recolhe informação comparável ao longo do tempo, respeitando a confidencialidade das pessoas.',
        'Dados recolhidos com cuidado ajudam os serviços a perceber onde concentrar o esforço.',
      ],
      'multi-agency-cooperation': [
        'A cooperação multiagência esclarece quem faz o quê, do primeiro contacto ao apoio de longo prazo.',
        'Procedimentos comuns de referenciação para serviços especializados evitam que uma pessoa fique sem resposta.',
      ],
    },
    general: [
      'O material pode ser adaptado ao contexto local e ao tempo de quem o utiliza.',
      'Cada secção pode ser usada sozinha ou como parte de um percurso de formação mais longo.',
      'As atividades foram pensadas para pequenos grupos e para momentos de partilha entre colegas.',
      'A linguagem evita estereótipos e respeita a dignidade das pessoas de quem se fala.',
    ],
    steps: [
      'ler a ficha introdutória antes da sessão',
      'escolher as atividades adequadas ao grupo',
      'reservar tempo para a discussão e as perguntas',
      'combinar com o grupo como continuar o trabalho',
      'recolher as observações dos participantes no fim',
      'partilhar as orientações com os serviços da rede local',
    ],
    closing: 'Este texto é um exemplo sintético e não deve ser citado nem usado como fonte.',
    sheetTitle: (n) => `Ficha sintética ${n} para os testes do Praxis`,
    sheetParagraphs: (words) => [
      'Esta ficha PDF é um conteúdo sintético, gerado para os testes de desempenho do portal Praxis. Não descreve um material real.',
      'Serve para verificar a pesquisa no texto dos ficheiros descarregáveis e a sua lista nas páginas dos recursos.',
      `Palavras distintivas desta ficha: ${words}.`,
    ],
    poolWords: ['alfazema', 'zimbro', 'alecrim', 'poejo', 'murta', 'tomilho', 'loureiro', 'funcho'],
  },

  ro: {
    marker: (n) => `(exemplu sintetic ${n})`,
    slugWord: 'exemplu-sintetic',
    slugStopWords: ['a', 'al', 'ale', 'de', 'despre', 'in', 'pentru', 'si'],
    kinds: {
      'teaching-kit': 'Kit didactic',
      guide: 'Ghid',
      brochure: 'Broșură',
      toolkit: 'Set de instrumente',
      handbook: 'Manual',
      'evaluation-report': 'Raport de evaluare',
      'conference-report': 'Raport de conferință',
      'campaign-material': 'Material de campanie',
    },
    topics: {
      prevention: ['despre prevenirea traficului în școli', 'pentru prevenirea exploatării prin muncă'],
      identification: ['despre identificarea victimelor traficului', 'despre semnele de exploatare care trebuie recunoscute'],
      'assistance-protection': ['despre asistența și protecția victimelor', 'despre primirea persoanelor supraviețuitoare'],
      prosecution: ['despre investigare și urmărire penală', 'despre strângerea probelor în cazurile de trafic'],
      confiscation: ['despre confiscarea produselor traficului', 'despre depistarea fluxurilor financiare ilicite'],
      monitoring: ['despre monitorizarea fenomenului', 'despre colectarea datelor în servicii'],
      'multi-agency-cooperation': ['despre cooperarea interinstituțională', 'despre referirea victimelor către servicii specializate'],
    },
    audiences: {
      educators: 'pentru profesori și educatori',
      'social-workers': 'pentru asistenți sociali',
      'law-enforcement': 'pentru forțele de ordine',
      embassies: 'pentru personalul consular',
      'civil-society': 'pentru organizațiile societății civile',
      'young-people': 'pentru tineri',
    },
    summary: (kind, topic, audience) =>
      `${kind} ${topic}, ${audience}. Conținut sintetic generat pentru a măsura performanța portalului: nu descrie un material real.`,
    disclaimer:
      'Acesta este un **conținut sintetic**, generat automat pentru testele de performanță ale Praxis. Nu descrie un material, un proiect sau o organizație reală: servește doar la umplerea catalogului cu texte de lungime realistă.',
    headings: { who: 'Cui se adresează', how: 'Cum se folosește', themes: 'Teme abordate', note: 'Notă' },
    forAudience: {
      educators: 'Propune activități pentru clasă, pentru a vorbi despre trafic și exploatare într-un limbaj potrivit vârstei.',
      'social-workers': 'Îi ajută pe asistenții sociali să recunoască situațiile de risc și să îndrume persoana către serviciile competente.',
      'law-enforcement': 'Le amintește polițiștilor cum să conducă un prim interviu respectuos și cum să implice serviciile de asistență.',
      embassies: 'Oferă personalului consular repere pentru a primi persoanele care cer ajutor și a le îndruma spre serviciile locale.',
      'civil-society': 'Sugerează asociațiilor moduri de a colabora cu serviciile publice și de a sprijini persoanele pe drumul ieșirii din exploatare.',
      'young-people': 'Explică în cuvinte simple cum se recunosc ofertele de muncă înșelătoare și cui te poți adresa când ai îndoieli.',
    },
    aboutTheme: {
      prevention: [
        'Prevenirea începe cu informarea: a ști cum funcționează recrutarea și înșelăciunea reduce riscul.',
        'Acțiunile de conștientizare dau rezultate mai bune când implică și comunitățile, și tinerii înșiși.',
      ],
      identification: [
        'Identificarea unei victime cere timp, ascultare și colaborarea mai multor profesioniști.',
        'Niciun semn nu ajunge singur: contează imaginea de ansamblu, citită cu atenție și fără prejudecăți.',
      ],
      'assistance-protection': [
        'Asistența pune în centru drepturile și alegerile persoanei, cu o locuință sigură și sprijin juridic și psihologic.',
        'Protecția continuă și după primirea inițială, prin formare și integrare profesională.',
      ],
      prosecution: [
        'O investigație eficientă o scutește pe victimă de a-și repeta povestea de multe ori.',
        'Cooperarea dintre anchetatori și serviciile sociale face probele mai solide și persoanele implicate mai sigure.',
      ],
      confiscation: [
        'Confiscarea produselor traficului îi lipsește de resurse pe exploatatori și poate finanța despăgubirea victimelor.',
        'Urmărirea banilor cere competențe financiare și schimb de informații între autorități.',
      ],
      monitoring: [
        'Monitorizarea adună informații comparabile în timp, cu respectarea confidențialității persoanelor.',
        'Datele strânse cu grijă ajută serviciile să vadă unde trebuie concentrat efortul.',
      ],
      'multi-agency-cooperation': [
        'Cooperarea interinstituțională lămurește cine ce face, de la primul contact până la sprijinul pe termen lung.',
        'Procedurile comune de referire către servicii specializate fac ca nicio persoană să nu rămână fără răspuns.',
      ],
    },
    general: [
      'Materialul poate fi adaptat contextului local și timpului de care dispun utilizatorii.',
      'Fiecare secțiune poate fi folosită singură sau ca parte a unui parcurs de formare mai lung.',
      'Activitățile sunt gândite pentru grupuri mici și pentru schimburi de experiență între colegi.',
      'Limbajul evită stereotipurile și respectă demnitatea persoanelor despre care se vorbește.',
    ],
    steps: [
      'citiți fișa introductivă înainte de sesiune',
      'alegeți activitățile potrivite grupului',
      'lăsați timp pentru discuție și întrebări',
      'stabiliți împreună cu grupul cum continuați',
      'adunați la final observațiile participanților',
      'împărtășiți reperele cu serviciile din rețeaua locală',
    ],
    closing: 'Acest text este un exemplu sintetic și nu trebuie citat sau folosit ca sursă.',
    sheetTitle: (n) => `Fișă sintetică ${n} pentru testele Praxis`,
    sheetParagraphs: (words) => [
      'Această fișă PDF este un conținut sintetic, generat pentru testele de performanță ale portalului Praxis. Nu descrie un material real.',
      'Servește la verificarea căutării în textul fișierelor descărcabile și a listei lor în paginile resurselor.',
      `Cuvinte distinctive ale acestei fișe: ${words}.`,
    ],
    poolWords: ['lavandă', 'ienupăr', 'rozmarin', 'salvie', 'cimbrișor', 'busuioc', 'dafin', 'fenicul'],
  },

  lt: {
    marker: (n) => `(sintetinis pavyzdys ${n})`,
    slugWord: 'sintetinis-pavyzdys',
    slugStopWords: ['apie', 'ir'],
    kinds: {
      'teaching-kit': 'Mokymo rinkinys',
      guide: 'Vadovas',
      brochure: 'Brošiūra',
      toolkit: 'Priemonių rinkinys',
      handbook: 'Žinynas',
      'evaluation-report': 'Vertinimo ataskaita',
      'conference-report': 'Konferencijos ataskaita',
      'campaign-material': 'Kampanijos medžiaga',
    },
    topics: {
      prevention: ['apie prekybos žmonėmis prevenciją mokyklose', 'apie darbo išnaudojimo prevenciją'],
      identification: ['apie prekybos žmonėmis aukų nustatymą', 'apie išnaudojimo požymius, kuriuos reikia atpažinti'],
      'assistance-protection': ['apie pagalbą aukoms ir jų apsaugą', 'apie išgyvenusiųjų priėmimą'],
      prosecution: ['apie ikiteisminį tyrimą ir baudžiamąjį persekiojimą', 'apie įrodymų rinkimą prekybos žmonėmis bylose'],
      confiscation: ['apie nusikalstamu būdu gauto turto konfiskavimą', 'apie neteisėtų finansinių srautų nustatymą'],
      monitoring: ['apie reiškinio stebėseną', 'apie duomenų rinkimą tarnybose'],
      'multi-agency-cooperation': ['apie tarpinstitucinį bendradarbiavimą', 'apie aukų nukreipimą į specializuotas tarnybas'],
    },
    audiences: {
      educators: 'mokytojams ir pedagogams',
      'social-workers': 'socialiniams darbuotojams',
      'law-enforcement': 'teisėsaugos pareigūnams',
      embassies: 'konsuliniams darbuotojams',
      'civil-society': 'pilietinės visuomenės organizacijoms',
      'young-people': 'jaunimui',
    },
    summary: (kind, topic, audience) =>
      `${kind} ${topic}. Skirta ${audience}. Sintetinis turinys, sukurtas portalo našumui matuoti: jis neaprašo jokios tikros medžiagos.`,
    disclaimer:
      'Tai **sintetinis turinys**, automatiškai sukurtas Praxis našumo bandymams. Jis neaprašo jokios tikros medžiagos, projekto ar organizacijos: jo paskirtis – užpildyti katalogą tikroviško ilgio tekstais.',
    headings: { who: 'Kam skirta', how: 'Kaip naudoti', themes: 'Temos', note: 'Pastaba' },
    forAudience: {
      educators: 'Siūlo užsiėmimus klasėje, kad apie prekybą žmonėmis ir išnaudojimą būtų galima kalbėti amžių atitinkančia kalba.',
      'social-workers': 'Padeda socialiniams darbuotojams atpažinti rizikos situacijas ir nukreipti žmogų į atsakingas tarnybas.',
      'law-enforcement': 'Primena pareigūnams, kaip pagarbiai atlikti pirmąjį pokalbį ir kaip įtraukti pagalbos tarnybas.',
      embassies: 'Pateikia konsuliniams darbuotojams gaires, kaip priimti pagalbos prašantį žmogų ir nukreipti jį į vietos tarnybas.',
      'civil-society': 'Siūlo organizacijoms būdų bendradarbiauti su viešosiomis tarnybomis ir palaikyti žmones, besitraukiančius iš išnaudojimo.',
      'young-people': 'Paprastais žodžiais paaiškina, kaip atpažinti apgaulingus darbo pasiūlymus ir į ką kreiptis kilus abejonių.',
    },
    aboutTheme: {
      prevention: [
        'Prevencija prasideda nuo informacijos: žinant, kaip vyksta verbavimas ir apgaulė, rizika mažėja.',
        'Sąmoningumo didinimo veikla veiksmingesnė, kai įtraukiamos bendruomenės ir patys jaunuoliai.',
      ],
      identification: [
        'Aukai nustatyti reikia laiko, įsiklausymo ir kelių specialistų bendradarbiavimo.',
        'Vieno požymio neužtenka: svarbus visas vaizdas, vertinamas atidžiai ir be išankstinių nuostatų.',
      ],
      'assistance-protection': [
        'Pagalbos centre – žmogaus teisės ir pasirinkimai, saugus būstas, teisinė ir psichologinė parama.',
        'Apsauga tęsiasi ir po pirmojo priėmimo: mokymai ir pagalba įsidarbinant.',
      ],
      prosecution: [
        'Veiksmingas tyrimas apsaugo auką nuo būtinybės daug kartų kartoti savo pasakojimą.',
        'Tyrėjų ir socialinių tarnybų bendradarbiavimas sustiprina įrodymus ir padidina dalyvaujančių žmonių saugumą.',
      ],
      confiscation: [
        'Konfiskavus iš prekybos žmonėmis gautą turtą, išnaudotojai netenka išteklių, o aukoms gali būti atlyginta žala.',
        'Pinigų srautams sekti reikia finansinių žinių ir institucijų keitimosi informacija.',
      ],
      monitoring: [
        'Stebėsena kaupia laikui bėgant palyginamą informaciją ir gerbia žmonių privatumą.',
        'Kruopščiai surinkti duomenys padeda tarnyboms suprasti, kur sutelkti pastangas.',
      ],
      'multi-agency-cooperation': [
        'Tarpinstitucinis bendradarbiavimas aiškiai nustato, kas ką daro – nuo pirmojo kontakto iki ilgalaikės pagalbos.',
        'Bendros nukreipimo į specializuotas tarnybas procedūros užtikrina, kad nė vienas žmogus neliktų be atsako.',
      ],
    },
    general: [
      'Medžiagą galima pritaikyti vietos sąlygoms ir naudotojų turimam laikui.',
      'Kiekvieną skyrių galima naudoti atskirai arba kaip ilgesnės mokymo programos dalį.',
      'Užsiėmimai skirti mažoms grupėms ir kolegų pasidalijimui patirtimi.',
      'Kalba vengia stereotipų ir gerbia žmonių, apie kuriuos kalbama, orumą.',
    ],
    steps: [
      'prieš užsiėmimą perskaitykite įvadinį lapą',
      'pasirinkite grupei tinkamus užsiėmimus',
      'skirkite laiko diskusijai ir klausimams',
      'kartu su grupe susitarkite, kaip tęsti darbą',
      'pabaigoje surinkite dalyvių pastabas',
      'pasidalykite gairėmis su vietos tinklo tarnybomis',
    ],
    closing: 'Šis tekstas yra sintetinis pavyzdys, jo negalima cituoti ar naudoti kaip šaltinio.',
    sheetTitle: (n) => `Sintetinis lapas ${n} Praxis bandymams`,
    sheetParagraphs: (words) => [
      'Šis PDF lapas yra sintetinis turinys, sukurtas Praxis portalo našumo bandymams. Jis neaprašo jokios tikros medžiagos.',
      'Jis skirtas patikrinti paiešką atsisiunčiamų failų tekste ir jų sąrašą išteklių puslapiuose.',
      `Išskirtiniai šio lapo žodžiai: ${words}.`,
    ],
    poolWords: ['levanda', 'kadagys', 'rozmarinas', 'šalavijas', 'mėta', 'čiobrelis', 'lauras', 'pankolis'],
  },
};
